import { rate } from '../../shared/figures.ts';

/**
 * The two funnels the bot reports and their steps, in order. Reaching a step means every step
 * before it was passed: recording one records those before it too (see recordStep), so a funnel
 * never shows more people at a step than at the one before it.
 */
export const FUNNELS = {
  registration: ['started', 'consent', 'phone', 'name', 'iin', 'done'],
  booking: ['opened', 'service', 'doctor', 'day', 'time', 'confirmed'],
} as const;

export type Funnel = keyof typeof FUNNELS;
export type FunnelStep<F extends Funnel = Funnel> = (typeof FUNNELS)[F][number];
export const FUNNEL_NAMES = Object.keys(FUNNELS) as Funnel[];

/** The position of a step in its funnel (0 = the first), or −1 for a step of another funnel. */
export function stepIndex(funnel: Funnel, step: string): number {
  return (FUNNELS[funnel] as readonly string[]).indexOf(step);
}

export interface StepCount {
  step: string;
  /** Attempts that reached this step. */
  count: number;
  /** Attempts that reached the step before and stopped there (0 for the first step). */
  dropOff: number;
  /** dropOff ÷ the step before's count, 0…1 (null for the first step or an empty one before). */
  dropOffRate: number | null;
  /** count ÷ the first step's count, 0…1 (null when nobody started). */
  conversion: number | null;
}

/** A funnel's steps from the number of attempts that reached each (missing steps: none). */
export function funnelSteps(funnel: Funnel, reached: ReadonlyMap<string, number>): StepCount[] {
  const steps = FUNNELS[funnel];
  const first = reached.get(steps[0]) ?? 0;
  return steps.map((step, i) => {
    const count = reached.get(step) ?? 0;
    const before = i === 0 ? null : (reached.get(steps[i - 1]!) ?? 0);
    const dropOff = before === null ? 0 : Math.max(0, before - count);
    return {
      step,
      count,
      dropOff,
      dropOffRate: before === null ? null : rate(dropOff, before),
      conversion: rate(count, first),
    };
  });
}
