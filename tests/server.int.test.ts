import { spawn } from 'node:child_process';
import { createEmhanaClient } from 'emhana/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoClinic, upgradeDemoCategories } from '../modules/clinic/index.ts';
import { freePort } from '../server/free-port.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { createTestDatabase } from './support/db.ts';
import { failure } from './support/errors.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

describe('HTTP surface', () => {
  it('reports alive and ready', async () => {
    expect(await (await fetch(`${t.url}/healthz`)).json()).toEqual({ ok: true });
    expect(await (await fetch(`${t.url}/readyz`)).json()).toEqual({
      ok: true,
      checks: { database: true, jobs: true },
      // The only instance on its database leads (runs the dispatchers and the delivery sender).
      leading: true,
    });
  });

  it('refuses a request body over the limit with 413 and reads nothing of it', async () => {
    const response = await fetch(`${t.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: { username: 'x', password: 'y'.repeat(2 * 1024 * 1024) } }),
    });
    expect(response.status).toBe(413);
  });

  it("serves the sandbox's Bot API at the root as Telegram has it, and nothing else of the sandbox", async () => {
    const token = t.app.sandbox!.token;
    for (const path of [`/bot${token}/getMe`, `//bot${token}/getMe`, `/sandbox/bot${token}/getMe`]) {
      const answer = await (await fetch(`${t.url}${path}`)).json();
      expect(answer, path).toMatchObject({ ok: true, result: { id: t.app.sandbox!.botId } });
    }
    expect(await (await fetch(`${t.url}/bot1:wrong/getMe`)).json()).toEqual({
      ok: false,
      error_code: 401,
      description: 'Unauthorized',
    });
    // Only Telegram-shaped token paths are the sandbox's: other paths stay the app's.
    expect((await fetch(`${t.url}/botanic/garden`)).status).toBe(404);
    expect((await fetch(`${t.url}/api/users`)).status).toBe(404);
  });

  it('answers invalid input with BAD_REQUEST and the failing fields', async () => {
    const admin = createEmhanaClient({ url: t.url, token: await t.tokenFor('admin') });
    const seen = await failure(admin.clinic.services.create.mutate({ categoryId: 0 } as never));
    expect(seen.code).toBe('BAD_REQUEST');
    expect(seen.fields?.map((f) => f.path).sort()).toEqual([
      'categoryId',
      'durationMinutes',
      'name',
      'priceTiyn',
    ]);
  });
});

describe('demo clinic', () => {
  it('loads a bookable network into an empty catalog, once', async () => {
    const em = t.app.orm.em.fork();
    expect(await seedDemoClinic({ em })).toEqual({ branches: 2, services: 21, doctors: 9 });
    expect(await seedDemoClinic({ em: t.app.orm.em.fork() })).toBeNull();

    // The README's internal-tool example, as written there.
    const client = createEmhanaClient({ url: t.url, token: await t.tokenFor('registrar') });
    const branches = await client.clinic.branches.list.query();
    expect(branches.map((b) => b.name.ru)).toEqual([
      expect.stringContaining('Алматы'),
      expect.stringContaining('Астана'),
    ]);
    for (const branch of branches) {
      const services = await client.clinic.services.ofBranch.query({ branchId: branch.id });
      expect(services.length).toBeGreaterThanOrEqual(10);
      for (const service of services) {
        expect(service.name.kk).not.toBe('');
        const doctors = await client.clinic.doctors.forService.query({
          branchId: branch.id,
          serviceId: service.id,
        });
        expect(doctors.length, `${service.name.ru} at ${branch.name.ru}`).toBeGreaterThan(0);
      }
    }
    const doctors = await client.clinic.doctors.listAll.query();
    for (const doctor of doctors) {
      const { weekly } = await client.clinic.schedules.get.query({ doctorId: doctor.id });
      expect(weekly.length, doctor.fullName).toBeGreaterThan(0);
    }
  });

  it('moves a database with the earlier demo (all doctors in one category) to a category per specialty, once, and gives its tests their own limit', async () => {
    // The earlier demo, rebuilt: its one category of consultations, and none per specialty.
    const sql = t.app.orm.em.fork().getConnection();
    const specialties = ['Терапия', 'Кардиология', 'Гинекология', 'Неврология', 'ЛОР (ухо, горло, нос)'];
    const [old] = (await sql.execute(
      `insert into clinic_service_category (name, sort_order, active)
       values ('{"ru":"Консультации врачей","kk":"Дәрігерлер кеңесі"}', 10, true) returning id`,
    )) as { id: number }[];
    const inList = specialties.map(() => '?').join(',');
    await sql.execute(
      `update clinic_service set category_id = ? where category_id in
         (select id from clinic_service_category where name->>'ru' in (${inList}))`,
      [old!.id, ...specialties],
    );
    await sql.execute(`delete from clinic_service_category where name->>'ru' in (${inList})`, specialties);
    // Before categories had limits of their own: every one at the clinic's default.
    await sql.execute('update clinic_service_category set active_limit = null');

    expect(await upgradeDemoCategories({ em: t.app.orm.em.fork() })).toBe(8);
    expect(await upgradeDemoCategories({ em: t.app.orm.em.fork() })).toBe(0);
    const client = t.client();
    const categories = await client.clinic.categories.list.query();
    expect(categories.map((c) => c.name.ru)).not.toContain('Консультации врачей');
    const category = (service: string) =>
      categories.find((c) => c.id === services.find((s) => s.name.ru === service)?.categoryId)?.name.ru;
    const services = await client.clinic.services.ofBranch.query({
      branchId: (await client.clinic.branches.list.query())[0]!.id,
    });
    expect(category('Повторный приём терапевта')).toBe('Терапия');
    expect(category('Приём кардиолога')).toBe('Кардиология');
    expect(category('Приём гинеколога')).toBe('Гинекология');
    expect(category('ЭКГ с расшифровкой')).toBe('Инструментальная диагностика');
    // Tests and scans get their own limit: a patient books several at once.
    const limits = Object.fromEntries(categories.map((c) => [c.name.ru, c.activeLimit]));
    expect(limits).toMatchObject({
      'Лабораторные анализы': 3,
      'Инструментальная диагностика': 3,
      Терапия: null,
    });
  });
});

describe('the server process', () => {
  it('starts with `node server/main.ts` and stops within seconds on SIGTERM', async () => {
    const db = await createTestDatabase();
    const port = await freePort();
    const child = spawn(process.execPath, ['server/main.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        PORT: String(port),
        DATA_DIR: '.data/test',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    try {
      // The terminal's own "ready at" line is written after the notices (the log line may come first).
      await expect.poll(() => output, { timeout: 20_000, interval: 100 }).toContain('Emhana is ready at');
      expect(output).toMatch(/First admin created: username "admin", password "\w+"/);
      const client = createEmhanaClient({ url: `http://127.0.0.1:${port}` });
      expect((await client.clinic.branches.list.query()).length).toBe(2);
      // The sandbox's token, printed for any bot library, works at the server root.
      await expect.poll(() => output, { timeout: 5000, interval: 100 }).toMatch(/Sandbox bot token: \S+/);
      const token = /Sandbox bot token: (\d+:[\w-]+)/.exec(output)?.[1];
      const me = await (await fetch(`http://127.0.0.1:${port}/bot${token}/getMe`)).json();
      expect(me).toMatchObject({ ok: true, result: { is_bot: true } });

      const stoppedAt = Date.now();
      child.kill('SIGTERM');
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(0);
      expect(Date.now() - stoppedAt).toBeLessThan(5000);
      expect(output).toContain('"msg":"stopped"');
    } finally {
      child.kill('SIGKILL');
      await db.drop();
    }
  });
});
