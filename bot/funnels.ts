import type { MiddlewareFn } from 'grammy';
import type { Logger } from '../shared/log.ts';
import type { ApiInputs, BotContext, FunnelReports } from './context.ts';
import { languageOf } from './i18n.ts';

type Track = ApiInputs['analytics']['track'];
type Funnel = Track['funnel'];
/** The non-personal dimensions a step may name (never a person, phone or IIN). */
export type FunnelDims = Pick<Track, 'branchId' | 'serviceId' | 'doctorId'>;

/**
 * Reports funnel steps for the clinic's numbers (analytics.track). An attempt is a random id kept in
 * the session for one registration or one booking, nothing that names the person. A report never
 * holds up or breaks the patient's flow: it is not awaited, and a failure is logged by its code only.
 */
export class FunnelReporter implements FunnelReports {
  readonly #log: Logger;
  constructor(log: Logger) {
    this.#log = log;
  }

  restart(ctx: BotContext, funnel: Funnel): void {
    ctx.session.funnelAttempts = { ...ctx.session.funnelAttempts, [funnel]: crypto.randomUUID() };
  }

  step(ctx: BotContext, funnel: Funnel, step: string, dims: FunnelDims = {}, finish = false): void {
    let attempt = ctx.session.funnelAttempts?.[funnel];
    if (!attempt) {
      attempt = crypto.randomUUID();
      ctx.session.funnelAttempts = { ...ctx.session.funnelAttempts, [funnel]: attempt };
    }
    if (finish) {
      const { [funnel]: _done, ...rest } = ctx.session.funnelAttempts ?? {};
      ctx.session.funnelAttempts = rest;
    }
    const report = { funnel, attempt, step, language: languageOf(ctx), ...dims };
    ctx.emhana.analytics.track.mutate(report as Track).catch((error: unknown) => {
      const code = (error as { data?: { code?: string } }).data?.code ?? 'unknown';
      this.#log.warn({ funnel, step, code }, 'funnel step not recorded');
    });
  }
}

/** Puts the reporter on every update's context (`ctx.funnels`). */
export function funnelReporting(log: Logger): MiddlewareFn<BotContext> {
  const reporter = new FunnelReporter(log);
  return (ctx, next) => {
    ctx.funnels = reporter;
    return next();
  };
}
