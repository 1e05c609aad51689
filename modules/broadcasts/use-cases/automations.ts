/**
 * Automations that keep patients coming (marketing, so with consent and an admin's approval): a
 * recall (no visit for N days, for chosen services) and a win-back (a visit cancelled or missed,
 * nothing booked). Each is a saved audience sent every day at its hour: the day's run is a
 * broadcast of its own (with its numbers), to those who did not get this automation's message in
 * the last `periodDays` — each patient at most once per period.
 */
import { LockMode } from '@mikro-orm/core';
import { actorOf } from '../../../shared/actor.ts';
import type { BackgroundDeps } from '../../../shared/module.ts';
import { KAZAKHSTAN_ZONE, localDate, toMinutes } from '../../../shared/time.ts';
import { utcToZoned } from '../../../shared/zoned-time.ts';
import { BROADCASTS_CHANNEL, type BroadcastsCtx } from '../broadcasts.context.ts';
import { broadcastErrors } from '../broadcasts.errors.ts';
import type { AudienceFilter, BroadcastButton, BroadcastPhoto } from '../broadcasts.schemas.ts';
import { Automation, Broadcast } from '../entities/broadcast.entity.ts';

type AutomationInput = {
  kind: 'recall' | 'win_back';
  title: string;
  audience: AudienceFilter;
  text: { ru: string; kk: string };
  photo: BroadcastPhoto | null;
  buttons: BroadcastButton[];
  sendAt: string;
  periodDays: number;
};

export interface AutomationView extends AutomationInput {
  id: number;
  active: boolean;
  approved: boolean;
  lastRunOn: string | null;
}

const view = (a: Automation): AutomationView => ({
  id: a.id,
  kind: a.kind,
  title: a.title,
  audience: a.audience,
  text: a.text,
  photo: a.photo ?? null,
  buttons: a.buttons,
  sendAt: a.sendAt,
  periodDays: a.periodDays,
  active: a.active,
  approved: a.approvedVersion === a.version,
  lastRunOn: a.lastRunOn ?? null,
});

/**
 * What the kind adds to the audience staff chose: a recall is about people who have not come for
 * the period; a win-back about a visit missed within it and nothing booked.
 */
function kindAudience(
  kind: AutomationInput['kind'],
  audience: AudienceFilter,
  periodDays: number,
): AudienceFilter {
  if (kind === 'recall')
    return { ...audience, noVisitDays: audience.noVisitDays ?? periodDays, upcomingVisit: false };
  return { ...audience, missedWithinDays: audience.missedWithinDays ?? periodDays, upcomingVisit: false };
}

export async function createAutomation(ctx: BroadcastsCtx, input: AutomationInput): Promise<AutomationView> {
  const automation = ctx.em.create(Automation, { ...input, createdBy: actorOf(ctx.caller) });
  await ctx.em.persist(automation).flush();
  return view(automation);
}

async function locked(ctx: BroadcastsCtx, id: number): Promise<Automation> {
  const automation = await ctx.em.findOne(Automation, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!automation) throw broadcastErrors('automation_not_found', { id });
  return automation;
}

/** An edit stops it and takes the approval back: what goes out is always what an admin approved. */
export async function updateAutomation(
  ctx: BroadcastsCtx,
  input: { automationId: number } & Partial<AutomationInput>,
): Promise<AutomationView> {
  return ctx.em.transactional(async (em) => {
    const automation = await locked({ ...ctx, em }, input.automationId);
    const { automationId: _, ...changes } = input;
    em.assign(automation, changes);
    automation.version += 1;
    automation.active = false;
    return view(automation);
  });
}

/** An admin's approval of this version; it then runs every day until stopped. */
export async function approveAutomation(ctx: BroadcastsCtx, automationId: number): Promise<AutomationView> {
  return ctx.em.transactional(async (em) => {
    const automation = await locked({ ...ctx, em }, automationId);
    automation.approvedVersion = automation.version;
    automation.approvedBy = actorOf(ctx.caller);
    automation.active = true;
    return view(automation);
  });
}

export async function stopAutomation(ctx: BroadcastsCtx, automationId: number): Promise<AutomationView> {
  return ctx.em.transactional(async (em) => {
    const automation = await locked({ ...ctx, em }, automationId);
    automation.active = false;
    return view(automation);
  });
}

export async function listAutomations(ctx: BroadcastsCtx): Promise<AutomationView[]> {
  return (await ctx.em.find(Automation, {}, { orderBy: { id: 'asc' } })).map(view);
}

/**
 * Every minute: each active, approved automation whose hour has come today (clinic time) and
 * that has not run today becomes today's broadcast, started at once. The sender leaves out those
 * it reached within its period.
 */
export async function dispatchAutomations(deps: BackgroundDeps): Promise<void> {
  const now = deps.clock.now();
  const today = localDate(now, KAZAKHSTAN_ZONE);
  const minute = utcToZoned(now.getTime(), KAZAKHSTAN_ZONE).minutes;
  const due = await deps
    .em()
    // `last_run_on <> today` is null, not true, for one that never ran: asked for by name.
    .find(
      Automation,
      { active: true, $or: [{ lastRunOn: null }, { lastRunOn: { $ne: today } }] },
      { fields: ['id'] },
    );
  let started = 0;
  for (const { id } of due) {
    await deps.em().transactional(async (em) => {
      const automation = await em.findOne(Automation, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!automation?.active || automation.lastRunOn === today) return;
      if (automation.approvedVersion !== automation.version || toMinutes(automation.sendAt) > minute) return;
      automation.lastRunOn = today;
      em.create(Broadcast, {
        kind: 'marketing',
        title: `${automation.title} · ${today}`,
        audience: kindAudience(automation.kind, automation.audience, automation.periodDays),
        text: automation.text,
        photo: automation.photo ?? null,
        buttons: automation.buttons,
        state: 'scheduled',
        sendAt: now,
        testedVersion: 1,
        approvedVersion: 1,
        approvedBy: automation.approvedBy,
        approvedAt: now,
        automationId: automation.id,
        createdBy: `automation:${automation.id}`,
      });
      started += 1;
    });
  }
  if (started) await deps.em().execute('select pg_notify(?, ?)', [BROADCASTS_CHANNEL, '']);
}
