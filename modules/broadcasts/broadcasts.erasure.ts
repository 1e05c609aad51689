import type { ErasureStep } from '../patients/index.ts';

/**
 * Broadcasts' part in "delete my data": a message not yet sent to the person is not sent. The
 * rows already sent stay as counts (they hold ids and a language, no personal data) so a
 * broadcast's numbers do not change after the fact.
 */
export const broadcastsErasure: ErasureStep = {
  async preview() {
    return [];
  },
  async apply(ctx, patientIds) {
    const rows = (await ctx.em.execute(
      `update broadcasts_recipient set state = 'skipped', reason = 'erased'
        where patient_id = any(?::int[]) and state = 'pending' returning id`,
      [`{${patientIds.join(',')}}`],
    )) as unknown[];
    return rows.length;
  },
};
