import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { router, staffProcedure } from '../../shared/trpc.ts';
import { Delivery, type DeliveryStatus } from './entities/delivery.entity.ts';

export interface DeliveryView {
  id: number;
  purpose: string;
  template: string;
  recipient: 'patient' | 'account' | 'staff_chat';
  patientId: number | null;
  /** The Telegram account written to (for `account`). */
  chatId: number | null;
  appointmentId: number | null;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  queuedAt: Date;
  notBefore: Date;
  sentAt: Date | null;
}

const view = (d: Delivery): DeliveryView => ({
  id: d.id,
  purpose: d.purpose,
  template: d.template,
  recipient: d.recipient,
  patientId: d.patientId ?? null,
  chatId: d.recipient === 'account' ? (d.chatId ?? null) : null,
  appointmentId: d.appointmentId ?? null,
  status: d.status,
  attempts: d.attempts,
  lastError: d.lastError ?? null,
  queuedAt: d.queuedAt,
  notBefore: d.notBefore,
  sentAt: d.sentAt ?? null,
});

/**
 * The messages of one patient or one appointment, newest first: queued, sent, failed and why, one
 * row per chat they went to (the patient's own, each guardian's, the staff chat).
 */
async function timeline(em: EntityManager, input: { patientId?: number; appointmentId?: number }) {
  const where = {
    ...(input.appointmentId ? { appointmentId: input.appointmentId } : { patientId: input.patientId }),
    // A message about a patient shows as what went to each person who hears about them.
    status: { $ne: 'expanded' as const },
  };
  const rows = await em.find(Delivery, where, { orderBy: { queuedAt: 'desc', id: 'desc' }, limit: 200 });
  return rows.map(view);
}

export const notificationsRouter = router({
  timeline: staffProcedure('admin', 'registrar', 'operator')
    .input(
      z
        .object({
          patientId: z.number().int().positive().optional(),
          appointmentId: z.number().int().positive().optional(),
        })
        .refine((q) => q.patientId || q.appointmentId, {
          message: 'give a patient or an appointment',
          path: ['patientId'],
        }),
    )
    .query(({ ctx, input }) => timeline(ctx.em, input)),
});
