import type { PgBoss } from 'pg-boss';
import { createI18n } from '../bot/i18n.ts';
import { createNoticeRenderer } from '../bot/notice-renderer.ts';
import { type Messenger, startDeliveryWorker } from '../modules/notifications/index.ts';
import { SMS_QUEUE, type SmsSender, sendCode } from '../modules/patients/index.ts';
import { AdjustableClock } from '../shared/clock.ts';
import type { BackgroundDeps } from '../shared/module.ts';
import { workerHost } from './jobs.ts';
import { DISPATCH_QUEUE, deliveryChecks, dispatchAll, hooks } from './modules.ts';

export interface Background {
  /** Finds what became due by the app clock and sends what may go now. */
  runDue(): Promise<void>;
  /** Starts sending the platform's own messages (needs the bot's Telegram). */
  startDelivery(messenger: Messenger): Promise<void>;
  stop(): void;
}

/**
 * The scheduled side of the platform: a pg-boss cron job every minute runs the modules'
 * dispatchers (reminders and arrival checks, NPS questions, the patients' housekeeping), which
 * queue deliveries; the delivery worker sends them, and the SMS worker sends one-time codes.
 * When the sandbox moves the clock, all of it runs at once.
 */
export async function startBackground(
  deps: BackgroundDeps & {
    boss: PgBoss;
    /** Where one-time codes go; null: no SMS (they are never queued then). */
    sms: SmsSender | null;
  },
): Promise<Background> {
  const { boss, sms, ...shared } = deps;
  const { clock, settings } = shared;
  const base: BackgroundDeps = { ...shared, log: deps.log.child({ component: 'dispatch' }) };
  const { log } = base;
  const renderer = createNoticeRenderer(createI18n());
  let delivery: { kickDue(): Promise<number> } | null = null;

  // One run at a time; a request during a run asks for one more run right after it.
  let running: Promise<void> | null = null;
  let again = false;
  const runOnce = async () => {
    await dispatchAll(base);
    await delivery?.kickDue();
  };
  const runDue = async (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await runOnce().catch((error: unknown) => log.error({ err: error }, 'dispatch failed'));
      } while (again);
    })();
    try {
      await running;
    } finally {
      running = null;
    }
  };

  await workerHost(boss).work(DISPATCH_QUEUE, () => runDue(), 1);
  if (sms) {
    const smsDeps = { ...base, sms, renderer, log: deps.log.child({ component: 'sms' }) };
    await workerHost(boss).work<{ codeId: number }>(SMS_QUEUE, (job) => sendCode(smsDeps, job.codeId), 4);
  }
  await boss.schedule(DISPATCH_QUEUE, '* * * * *');
  const off = clock instanceof AdjustableClock ? clock.onAdvance(() => void runDue()) : () => {};

  return {
    runDue,
    async startDelivery(messenger) {
      delivery = await startDeliveryWorker(
        {
          ...base,
          log: deps.log.child({ component: 'delivery' }),
          settings: settings.notifications,
          messenger,
          renderer,
          hooks,
          guards: deliveryChecks,
        },
        workerHost(boss),
      );
      await runDue();
    },
    stop: off,
  };
}
