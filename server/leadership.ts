import pg from 'pg';
import type { Logger } from '../shared/log.ts';

/** One advisory lock names the leader among the instances sharing a database. */
const LEADER_LOCK = "hashtext('emhana:leader')";
/** How often a follower asks for the lead, and the leader checks it still holds it. */
const CHECK_MS = 5000;

export interface Leadership {
  readonly leading: boolean;
  stop(): Promise<void>;
}

/**
 * Leadership through PostgreSQL: the instance whose own connection holds a session advisory lock
 * leads. The lock dies with that connection, so when a leader is killed (even with SIGKILL) the
 * database releases it at once and a follower takes it at its next try, within CHECK_MS. A leader
 * whose connection fails steps down at once (`onChange(false)`) before anyone else can lead.
 */
export async function startLeadership(
  url: string,
  log: Logger,
  /** `takeover`: the lead came later than at start, perhaps from an instance that just died. */
  onChange: (leading: boolean, takeover: boolean) => Promise<void>,
): Promise<Leadership> {
  let client: pg.Client | null = null;
  let leading = false;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let starting = true;

  const stepDown = async (why: unknown) => {
    const was = leading;
    leading = false;
    const old = client;
    client = null;
    await old?.end().catch(() => {});
    if (was) {
      log.warn({ err: why }, 'lost the lead: the dispatchers and the delivery sender stop here');
      await onChange(false, false);
    }
  };

  const check = async () => {
    if (stopped) return;
    try {
      if (!client) {
        const fresh = new pg.Client({ connectionString: url, application_name: 'emhana-leader' });
        fresh.on('error', (error) => void stepDown(error));
        await fresh.connect();
        client = fresh;
      }
      if (leading) await client.query('select 1');
      else {
        const { rows } = await client.query<{ ok: boolean }>(
          `select pg_try_advisory_lock(${LEADER_LOCK}) as ok`,
        );
        if (rows[0]?.ok && !stopped) {
          leading = true;
          log.info('leading: the dispatchers and the delivery sender run here');
          await onChange(true, !starting);
        }
      }
    } catch (error) {
      await stepDown(error);
    }
    if (!stopped) timer = setTimeout(() => void check(), CHECK_MS);
  };
  await check();
  starting = false;

  return {
    get leading() {
      return leading;
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      if (leading) {
        leading = false;
        await onChange(false, false);
      }
      // Closing the connection releases the lock: a follower leads from its next try.
      await client?.end().catch(() => {});
      client = null;
    },
  };
}

/** LISTEN on a channel over a connection of its own; resolves to the way to stop. */
export async function listenTo(
  url: string,
  log: Logger,
  channel: string,
  onNotify: () => void,
): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: url, application_name: 'emhana-listen' });
  // A lost connection only makes the listener slower: it still looks at its queue every second.
  client.on('error', (error) => log.warn({ err: error, channel }, 'stopped listening for notifications'));
  client.on('notification', () => onNotify());
  await client.connect();
  await client.query(`listen ${pg.escapeIdentifier(channel)}`);
  return async () => {
    await client.end().catch(() => {});
  };
}

/**
 * Takes the start-up lock: instances starting together on one database migrate and run the
 * modules' start-up steps one after the other (the second finds the migrations done and the
 * first admin created), never side by side. Resolves to its release (idempotent).
 */
export async function lockStartup(url: string): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: url, application_name: 'emhana-startup' });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock(hashtext('emhana:startup'))");
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    // Closing the session releases the lock.
    await client.end().catch(() => {});
  };
}
