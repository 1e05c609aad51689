import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { freePort } from '../../server/free-port.ts';
import type { SandboxClient } from './sandbox-user.ts';

/** One `node server/main.ts` process, as a deploy runs it. */
export interface Instance {
  url: string;
  child: ChildProcess;
  output(): string;
  /** Whether it leads now (from /readyz). */
  leading(): Promise<boolean>;
  /** SIGKILL: no shutdown step runs, as when a machine dies. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function startInstance(env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, ['server/main.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (!output.includes('Emhana is ready')) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`the instance did not start:\n${output}`);
    await sleep(50);
  }
  return {
    url,
    child,
    output: () => output,
    async leading() {
      const body = (await (await fetch(`${url}/readyz`)).json()) as { leading?: boolean };
      return body.leading === true;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Queues `count` numbered messages to these chats straight into the delivery table (as any module's
 * queueNotice does, committed and announced), each text naming its number so the chats can be
 * counted: each number must arrive once at most.
 */
export async function queueNumbered(databaseUrl: string, chats: number[], count: number): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `insert into notifications_delivery
         (unique_key, purpose, recipient, chat_id, template, params, priority, time_zone, status,
          not_before, attempts, queued_at)
       select 'test.numbered:' || n, 'test.numbered', 'staff_chat', ($1::bigint[])[1 + n % cardinality($1::bigint[])],
              'bk-ics-description', jsonb_build_object('phone', '#' || n || '#'), 'care', 'Asia/Almaty', 'queued',
              now() - interval '1 minute', 0, now()
         from generate_series(0, $2 - 1) n`,
      [chats, count],
    );
    await client.query(`select pg_notify('emhana_delivery', '')`);
  } finally {
    await client.end();
  }
}

/** How many deliveries are in each status. */
export async function deliveryStatuses(databaseUrl: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ status: string; n: string }>(
      'select status, count(*) n from notifications_delivery group by status',
    );
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  } finally {
    await client.end();
  }
}

/** How many times each numbered message (see queueNumbered) reached these chats. */
export async function receivedNumbered(
  telegram: SandboxClient,
  chats: number[],
): Promise<Map<number, number>> {
  const seen = new Map<number, number>();
  for (const chat of chats) {
    const { messages } = await telegram.request<{ messages: { from: string; text?: string }[] }>(
      'GET',
      `/sandbox/api/users/${chat}/chat?after=0`,
    );
    for (const m of messages) {
      const n = /#(\d+)#/.exec(m.text ?? '')?.[1];
      if (m.from === 'bot' && n) seen.set(Number(n), (seen.get(Number(n)) ?? 0) + 1);
    }
  }
  return seen;
}

/** Each delivery about one subject (a broadcast): to which chat, in which status. */
export async function deliveriesAbout(
  databaseUrl: string,
  subject: { kind: string; id: number },
): Promise<{ chatId: number; status: string }[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ chat_id: string; status: string }>(
      `select chat_id, status from notifications_delivery
        where subject_kind = $1 and subject_id = $2 order by id`,
      [subject.kind, subject.id],
    );
    return rows.map((r) => ({ chatId: Number(r.chat_id), status: r.status }));
  } finally {
    await client.end();
  }
}
