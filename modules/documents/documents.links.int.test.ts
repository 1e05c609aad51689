import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settledDeliveries, startTestApp, type TestApp } from '../../tests/support/app.ts';
import { patientInChat } from '../../tests/support/patients.ts';
import type { SandboxUser } from '../../tests/support/sandbox-user.ts';
import { LINK_GRACE_MS } from './documents.jobs.ts';
import { PAGE_LIMITS } from './documents.throttle.ts';
import { Document, DocumentLink } from './entities/document.entity.ts';
import { createDownloadLink, LINK_AUDIENCE } from './use-cases/download-links.ts';
import { GRANT_AUDIENCE, LINK_CODE } from './use-cases/link-access.ts';

/**
 * Download links as a patient and a stranger meet them over HTTP: the file goes only to the
 * browser that typed the code the bot sent to the link's account; expired, forged and foreign
 * tokens open nothing; expired links are cleaned up by the minutely dispatch.
 */
let t: TestApp;
let patient: SandboxUser;
let patientId: number;
let certificateId: number;
beforeAll(async () => {
  t = await startTestApp({ TRUST_PROXY: 'true' }, { bot: true });
  patient = await patientInChat(t, 'ru', 'Айгерім');
  patientId = (
    await t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: patient.id }).patients.profile.get()
  ).id;
  certificateId = (await issue()).id;
});
afterAll(() => t?.stop());

const doctor = () => t.app.caller({ kind: 'service', name: 'doctor', roles: ['doctor'] });
const issue = () =>
  doctor().documents.staff.issue({
    patientId,
    kind: 'certificate',
    fields: { form: '075/у', purpose: 'для работы', conclusion: 'Здорова' },
  });

async function linkTo(documentId: number, telegramUserId = patient.id) {
  const em = t.app.orm.em.fork();
  const document = await em.findOneOrFail(Document, documentId);
  const { url } = await createDownloadLink(
    { em, clock: t.clock, settings: t.app.settings, tokens: t.app.tokens },
    document,
    telegramUserId,
  );
  return { url, path: new URL(url).pathname };
}

let address = 0;
/** Each test its own client address (behind the trusted proxy), so address limits stay apart. */
const client = () => `198.51.100.${++address}`;

function http(from: string, cookie?: string) {
  const headers = (extra: Record<string, string> = {}) => ({
    'x-forwarded-for': from,
    ...(cookie ? { cookie } : {}),
    ...extra,
  });
  return {
    get: (path: string) => fetch(`${t.url}${path}`, { redirect: 'manual', headers: headers() }),
    post: (path: string, form: Record<string, string>) =>
      fetch(`${t.url}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: headers({ 'content-type': 'application/x-www-form-urlencoded' }),
        body: new URLSearchParams(form),
      }),
  };
}

/** The code the bot sent to the patient's chat for a link. */
async function codeInChat(user: SandboxUser): Promise<string> {
  const message = await user.expectMessage(/Код для скачивания документа|Құжатты жүктеп алу коды/);
  return message.text!.match(/\b(\d{6})\b/)![1]!;
}

/** Confirms a link as its patient: asks for the code, types it; the grant cookie it got. */
async function confirm(path: string, from: string, user = patient): Promise<string> {
  const sent = await http(from).post(path, { action: 'send' });
  expect(sent.status).toBe(303);
  const confirmed = await http(from).post(path, { action: 'confirm', code: await codeInChat(user) });
  expect(confirmed.status).toBe(303);
  const cookie = confirmed.headers.get('set-cookie')!;
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Strict/);
  return cookie.split(';')[0]!;
}

const auditOf = async (action: string) =>
  (await t.app.orm.em
    .fork()
    .getConnection()
    .execute('select actor from patients_audit_entry where patient_id = ? and action = ?', [
      patientId,
      action,
    ])) as { actor: string }[];

describe('a download link', () => {
  it('gives the file only after the code the bot sent is typed back, each step audited', async () => {
    const { path, url } = await linkTo(certificateId);
    expect(url).toMatch(/^http:\/\/localhost:\d+\/documents\/d\/[\w-]+\.[\w-]+\.[\w-]+$/);
    const from = client();
    const page = await http(from).get(path);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await page.text();
    expect(html).toContain('подтвердите, что это вы');
    // Before the proof the page names no patient and no document.
    expect(html).not.toContain('Айгерім');
    expect(html).not.toContain('СПР-');

    const before = await http(from).get(`${path}/file`);
    expect(before.status).toBe(403);
    expect(before.headers.get('content-type')).toMatch(/text\/html/);

    const cookie = await confirm(path, from);
    const ready = await (await http(from, cookie).get(path)).text();
    expect(ready).toMatch(/Медицинская справка № СПР-\d{4}-\d{6}/);
    const file = await http(from, cookie).get(`${path}/file`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('cache-control')).toBe('no-store');
    expect(file.headers.get('content-disposition')).toMatch(
      /^attachment; filename="СПР|^attachment; filename="/,
    );
    expect(file.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('СПР-')}`,
    );
    const bytes = new Uint8Array(await file.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');

    const actor = `tg:${patient.id}`;
    for (const action of ['open', 'code', 'confirm', 'download'])
      expect(await auditOf(`document.link.${action}`)).toContainEqual({ actor });
    const em = t.app.orm.em.fork();
    expect((await em.findOneOrFail(DocumentLink, { document: certificateId })).downloadedAt).not.toBeNull();
  });

  it('opens nothing for a stranger without the chat: wrong codes run out, and a file needs the proof', async () => {
    const { path } = await linkTo(certificateId);
    const stranger = http(client());
    expect((await stranger.post(path, { action: 'send' })).status).toBe(303);
    const code = await codeInChat(patient);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let left = LINK_CODE.triesPerCode - 1; left > 0; left--) {
      const answer = await stranger.post(path, { action: 'confirm', code: wrong });
      expect(answer.status).toBe(400);
      expect(await answer.text()).toContain(`Осталось попыток: ${left}`);
    }
    const last = await stranger.post(path, { action: 'confirm', code: wrong });
    expect(await last.text()).toContain('Код больше не действует');
    // The right code no longer works either: that code is void.
    const late = await stranger.post(path, { action: 'confirm', code });
    expect(late.status).toBe(400);
    expect(late.headers.get('set-cookie')).toBeNull();
    expect((await stranger.get(`${path}/file`)).status).toBe(403);
    // A new code cannot be asked for at once (one a minute, five per link).
    const again = await stranger.post(path, { action: 'send' });
    expect(again.status).toBe(429);
    expect(await again.text()).toMatch(/Новый код можно получить через \d+ с\./);
  });

  it('is one browser’s proof for one link: another patient’s confirmed link opens nothing of hers', async () => {
    const other = await patientInChat(t, 'kk', 'Ерлан');
    const otherId = (
      await t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: other.id }).patients.profile.get()
    ).id;
    const his = await doctor().documents.staff.issue({
      patientId: otherId,
      kind: 'certificate',
      fields: { form: '075/у', purpose: 'жұмысқа', conclusion: 'Дені сау' },
    });
    const from = client();
    const ownLink = await linkTo(his.id, other.id);
    const cookie = await confirm(ownLink.path, from, other);
    expect((await http(from, cookie).get(`${ownLink.path}/file`)).status).toBe(200);
    const hers = await linkTo(certificateId);
    const tried = await http(from, cookie).get(`${hers.path}/file`);
    expect(tried.status).toBe(403);
    expect(tried.headers.get('content-type')).toMatch(/text\/html/);
    // Nor does a link made out to him for her document (he is not her guardian) open at all.
    const misdirected = await linkTo(certificateId, other.id);
    expect((await http(from, cookie).get(misdirected.path)).status).toBe(404);
  });

  it('sends at most five codes through one link, one a minute, then sends the patient back to the bot', async () => {
    const { path } = await linkTo(certificateId);
    const from = http(client());
    // Codes are messages like any other: counted from the recorded deliveries, once all have gone.
    const codesSent = async () =>
      (await settledDeliveries(t, { patientId })).filter((d) => d.purpose === 'documents.link_code').length;
    const before = await codesSent();
    for (let n = 1; n <= LINK_CODE.codesPerLink; n++) {
      expect((await from.post(path, { action: 'send' })).status).toBe(303);
      await codeInChat(patient);
      t.clock.advance(LINK_CODE.resendAfterMs);
    }
    const refused = await from.post(path, { action: 'send' });
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain('По этой ссылке больше нельзя получить код');
    // Once the last code is past its time, the page itself says so and offers no button.
    t.clock.advance(LINK_CODE.ttlMs);
    const page = await (await from.get(path)).text();
    expect(page).toContain('По этой ссылке больше нельзя получить код');
    expect(page).not.toContain('data-testid="send-code"');
    expect(await codesSent()).toBe(before + LINK_CODE.codesPerLink);
  });

  it('stops an address that checks too many codes, across links, and only that address', async () => {
    const links = [await linkTo(certificateId), await linkTo(certificateId)];
    const from = http(client());
    for (let n = 0; n < PAGE_LIMITS.code.limit; n++)
      expect((await from.post(links[n % 2]!.path, { action: 'confirm', code: '000000' })).status).toBe(400);
    const stopped = await from.post(links[0]!.path, { action: 'confirm', code: '000000' });
    expect(stopped.status).toBe(429);
    expect(Number(stopped.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await stopped.text()).toContain('Слишком много попыток с вашего IP-адреса');
    expect((await http(client()).post(links[0]!.path, { action: 'confirm', code: '000000' })).status).toBe(
      400,
    );
  });

  it('speaks the language of the account it was sent to, not the document’s, with a switch', async () => {
    const kazakh = await doctor().documents.staff.issue({
      patientId,
      kind: 'certificate',
      language: 'kk',
      fields: { form: '075/у', purpose: 'жұмысқа', conclusion: 'Дені сау' },
    });
    const { path } = await linkTo(kazakh.id);
    const from = http(client());
    expect(await (await from.get(path)).text()).toContain('<html lang="ru">');
    expect(await (await from.get(`${path}?lang=kk`)).text()).toContain('Сізге арналған құжат');
  });

  it('refuses forged, tampered and foreign tokens with the same "not found" page', async () => {
    const { path } = await linkTo(certificateId);
    const token = path.split('/').at(-1)!;
    const [head, body, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as { lid: string };
    const otherLid = `${claims.lid.slice(0, -1)}${claims.lid.endsWith('0') ? '1' : '0'}`;
    const tampered = `${head}.${Buffer.from(JSON.stringify({ ...claims, lid: otherLid })).toString('base64url')}.${signature}`;
    const apiToken = await t.tokenFor('admin');
    const grant = await t.app.tokens.signFor(GRANT_AUDIENCE, { lid: claims.lid }, 600);
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${body}.`;
    const from = http(client());
    for (const bad of ['nonsense', tampered, apiToken, grant, unsigned, `${token}x`]) {
      for (const suffix of ['', '/file']) {
        const answer = await from.get(`/documents/d/${bad}${suffix}`);
        expect(answer.status, `${bad}${suffix}`).toBe(404);
        expect(await answer.text()).toContain('Ссылка не найдена');
      }
    }
    // And the other way round: a link's token is no API token.
    await expect(t.client(token).documents.staff.list.query({ patientId })).rejects.toThrow(
      /token is not valid/,
    );
    expect(await t.app.tokens.verify(token)).toBe('invalid');
    expect(await t.app.tokens.verifyFor(LINK_AUDIENCE, apiToken)).toBe('invalid');
  });

  it('takes only the methods its pages use, and a HEAD of the file downloads nothing', async () => {
    const { path } = await linkTo(certificateId);
    const { lid } = JSON.parse(Buffer.from(path.split('.')[1]!, 'base64url').toString()) as { lid: string };
    const from = client();
    const cookie = await confirm(path, from);
    const call = (method: string, suffix = '') =>
      fetch(`${t.url}${path}${suffix}`, {
        method,
        redirect: 'manual',
        headers: { 'x-forwarded-for': from, cookie },
      });
    for (const [method, suffix, allow] of [
      ['HEAD', '/file', 'GET'],
      ['POST', '/file', 'GET'],
      ['PUT', '', 'GET, HEAD, POST'],
      ['DELETE', '', 'GET, HEAD, POST'],
    ] as const) {
      const answer = await call(method, suffix);
      expect([answer.status, answer.headers.get('allow')], `${method} ${suffix}`).toEqual([405, allow]);
      expect(answer.headers.get('cache-control')).toBe('no-store');
    }
    const em = t.app.orm.em.fork();
    expect((await em.findOneOrFail(DocumentLink, lid)).downloadedAt).toBeNull();
    // A trailing slash or another segment is no address of the link.
    for (const suffix of ['/', '/file/', '/files'])
      expect((await call('GET', suffix)).status, suffix).toBe(404);
    expect((await call('HEAD')).status).toBe(200);
    expect((await call('GET', '/file')).status).toBe(200);
    em.clear();
    expect((await em.findOneOrFail(DocumentLink, lid)).downloadedAt).not.toBeNull();
  });

  it('shows a revoked document as revoked, with the clinic’s phone, and gives no file', async () => {
    const { id } = await issue();
    const { path } = await linkTo(id);
    const from = client();
    const cookie = await confirm(path, from);
    await doctor().documents.staff.revoke({ documentId: id, reason: 'ошибка в дате' });
    const page = await http(from, cookie).get(path);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('Документ отозван');
    expect((await http(from, cookie).get(`${path}/file`)).status).toBe(410);
  });

  it('expires after its hours: the page says so in both languages, and no file goes', async () => {
    const { path } = await linkTo(certificateId);
    const from = client();
    const cookie = await confirm(path, from);
    t.clock.advance(48 * 3_600_000 + 60_000);
    const ru = await http(from, cookie).get(path);
    expect(ru.status).toBe(410);
    expect(await ru.text()).toContain('Ссылки на документы действуют 48 ч.');
    const kk = await http(from, cookie).get(`${path}?lang=kk`);
    expect(await kk.text()).toContain('Құжат сілтемелері 48 сағат жарамды');
    expect((await http(from, cookie).get(`${path}/file`)).status).toBe(410);
    expect((await http(from).post(path, { action: 'send' })).status).toBe(410);
    // Within its grace the cleanup keeps the row.
    await t.app.runDue();
    expect(await t.app.orm.em.fork().count(DocumentLink, {})).toBeGreaterThan(0);
  });

  it('is deleted by the cleanup once past its grace, and its page still reads as expired', async () => {
    const { path: old } = await linkTo(certificateId);
    const em = () => t.app.orm.em.fork();
    const made = await em().count(DocumentLink, {});
    expect(made).toBeGreaterThan(1);
    // Moving the clock runs the dispatch, as the minutely cron would; runDue waits for it.
    t.clock.advance(48 * 3_600_000 + LINK_GRACE_MS + 60_000);
    await t.app.runDue();
    expect(await em().count(DocumentLink, {})).toBe(0);
    const { path: fresh } = await linkTo(certificateId);
    await t.app.runDue();
    expect(await em().count(DocumentLink, {})).toBe(1);
    // A token past its time still reads as expired by its own signed expiry, row or no row.
    const page = await http(client()).get(old);
    expect(page.status).toBe(410);
    expect((await http(client()).get(fresh)).status).toBe(200);
  });
});
