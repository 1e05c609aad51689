import type { BotContext } from '../context.ts';

/**
 * Answers a tap (the button stops spinning) and does what it asks without first waiting for
 * Telegram to acknowledge the answer: one round trip less before the next step shows. The answer
 * still goes out first; if it fails, the failure surfaces once the work is done.
 */
export async function answeringTap(ctx: BotContext, work: () => Promise<unknown>): Promise<void> {
  const answered = ctx.answerCallbackQuery().then(
    () => null,
    (error: unknown) => ({ error }),
  );
  await work();
  const failed = await answered;
  if (failed) throw failed.error;
}
