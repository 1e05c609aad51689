import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../tests/support/app.ts';
import { demoTherapy } from '../../tests/support/demo.ts';
import { makeIin } from '../../tests/support/iin.ts';
import { registerPatient } from '../../tests/support/patients.ts';
import { PAGE_LIMITS } from './documents.throttle.ts';

/**
 * The public verification page as an employer meets it: what proves the document is real, in
 * Russian or Kazakh, and nothing that tells a stranger who the patient is.
 */
let t: TestApp;
const iin = makeIin('1990-07-23', 'male');
let patientId: number;
let doctorId: number;
let branchId: number;
beforeAll(async () => {
  t = await startTestApp({ TRUST_PROXY: 'true' });
  ({ doctorId, branchId } = await demoTherapy(t));
  patientId = (
    await registerPatient(t.app, 8_300_001, {
      lastName: 'Жұмабаев',
      firstName: 'Ерлан',
      iin,
      language: 'kk',
    })
  ).id;
});
afterAll(() => t?.stop());

const doctor = () => t.app.caller({ kind: 'service', name: 'doctor', roles: ['doctor'] });
const issue = () =>
  doctor().documents.staff.issue({
    patientId,
    doctorId,
    branchId,
    kind: 'certificate',
    fields: { form: '086/у', purpose: 'Оқуға түсу үшін', conclusion: 'Дені сау' },
  });

let address = 0;
const client = () => `203.0.113.${++address}`;
const get = (path: string, from = client()) =>
  fetch(`${t.url}${path}`, { redirect: 'manual', headers: { 'x-forwarded-for': from } });

const verifyCodeOf = async (documentId: number) => {
  const [row] = (await t.app.orm.em
    .fork()
    .getConnection()
    .execute('select verify_code, sha256, file_key from documents_document where id = ?', [documentId])) as {
    verify_code: string;
    sha256: string;
    file_key: string;
  }[];
  return row!;
};

/** The visible text of a page, tags dropped. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the verification page', () => {
  it('shows what proves the document and never the name, birth date or whole IIN, in Kazakh and Russian', async () => {
    const { id, number } = await issue();
    const { verify_code: code, sha256, file_key } = await verifyCodeOf(id);
    const [file] = (await t.app.orm.em
      .fork()
      .getConnection()
      .execute('select bytes from documents_file where key = ?', [file_key])) as { bytes: Buffer }[];
    // The hash shown is the file's own.
    expect(createHash('sha256').update(file!.bytes).digest('hex')).toBe(sha256);

    const kk = await get(`/verify/${code}`);
    expect(kk.status).toBe(200);
    expect(kk.headers.get('cache-control')).toBe('no-store');
    const kkText = textOf(await kk.text());
    expect(kkText).toContain('Құжат жарамды');
    expect(kkText).toContain('Медициналық анықтама');
    expect(kkText).toContain(number);
    expect(kkText).toContain('Ж. Е.');
    expect(kkText).toContain(`••••••••${iin.slice(-4)}`);
    expect(kkText).toContain(sha256);

    const ru = textOf(await (await get(`/verify/${code}?lang=ru`)).text());
    expect(ru).toContain('Документ действителен');
    expect(ru).toContain('Медицинская справка');
    expect(ru).toMatch(/Врач \S+/);
    for (const page of [kkText, ru]) {
      for (const secret of ['Жұмабаев', 'Ерлан', iin, iin.slice(0, 6), '23.07.1990', '1990-07-23'])
        expect(page).not.toContain(secret);
      // What the certificate is for and what the doctor concluded stay on the paper.
      expect(page).not.toContain('Оқуға түсу');
      expect(page).not.toContain('Дені сау');
    }
  });

  it('finds a code typed by hand (lower case, spaces, O for 0) through the form', async () => {
    const { id, number } = await issue();
    const { verify_code: code } = await verifyCodeOf(id);
    const typed = `${code.slice(0, 5).toLowerCase()} ${code.slice(5)}`.replace(/0/g, 'o');
    const from = client();
    const form = await get(`/verify?code=${encodeURIComponent(typed)}&lang=ru`, from);
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toBe(`/verify/${code}?lang=ru`);
    expect(await (await get(form.headers.get('location')!, from)).text()).toContain(number);
  });

  it('answers an unknown and a malformed code with the same "not found" page', async () => {
    const unknown = await get('/verify/ZZZZZZZZZZ?lang=ru');
    const malformed = await get('/verify/%3Cscript%3E?lang=ru');
    expect(unknown.status).toBe(404);
    expect(malformed.status).toBe(404);
    const page = await unknown.text();
    expect(page).toContain('Документ не найден');
    expect(await malformed.text()).toBe(page);
  });

  it('only reads: a POST is refused, HEAD answers as GET, and a longer path is a code not found', async () => {
    for (const path of ['/verify', '/verify/ZZZZZZZZZZ']) {
      const posted = await fetch(`${t.url}${path}`, {
        method: 'POST',
        headers: { 'x-forwarded-for': client() },
      });
      expect([posted.status, posted.headers.get('allow')], path).toEqual([405, 'GET, HEAD']);
    }
    const head = await fetch(`${t.url}/verify`, { method: 'HEAD', headers: { 'x-forwarded-for': client() } });
    expect(head.status).toBe(200);
    const deeper = await get('/verify/ZZZZZZZZZZ/more?lang=ru');
    expect(deeper.status).toBe(404);
    expect(await deeper.text()).toContain('Документ не найден');
  });

  it('says a document staff revoked is revoked, with the date', async () => {
    const { id } = await issue();
    const { verify_code: code } = await verifyCodeOf(id);
    await doctor().documents.staff.revoke({ documentId: id, reason: 'выдана ошибочно' });
    const page = textOf(await (await get(`/verify/${code}?lang=ru`)).text());
    const today = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Asia/Almaty' }).format(t.clock.now());
    expect(page).toContain(`Документ отозван клиникой ${today}`);
    expect(page).not.toContain('выдана ошибочно');
  });

  it('stops one address that looks up too many codes, and only that one', async () => {
    const from = client();
    for (let i = 0; i < PAGE_LIMITS.verify.limit; i++)
      expect((await get('/verify/ZZZZZZZZZZ', from)).status).toBe(404);
    const stopped = await get('/verify/ZZZZZZZZZZ?lang=kk', from);
    expect(stopped.status).toBe(429);
    expect(Number(stopped.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await stopped.text()).toContain('тексеру тым көп');
    expect((await get('/verify/ZZZZZZZZZZ')).status).toBe(404);
    // The window ends, and the address may look again.
    t.clock.advance(PAGE_LIMITS.verify.windowMs + 1000);
    expect((await get('/verify/ZZZZZZZZZZ', from)).status).toBe(404);
  });
});
