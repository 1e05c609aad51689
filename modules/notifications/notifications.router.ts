import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import type { Clock } from '../../shared/clock.ts';
import type { Caller } from '../../shared/roles.ts';
import { router, staffProcedure } from '../../shared/trpc.ts';
import { auditReads } from '../audit/index.ts';
import { Delivery, type DeliveryPriority, type DeliveryStatus } from './entities/delivery.entity.ts';

export interface DeliveryView {
  id: number;
  purpose: string;
  template: string;
  recipient: 'patient' | 'account' | 'staff_chat';
  patientId: number | null;
  /** The Telegram account written to (for `account`). */
  chatId: number | null;
  /** What it is about: an appointment, a document, an invoice, a ticket, a broadcast. */
  subject: { kind: string; id: number } | null;
  priority: DeliveryPriority;
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
  subject: d.subjectKind && d.subjectId ? { kind: d.subjectKind, id: d.subjectId } : null,
  priority: d.priority,
  status: d.status,
  attempts: d.attempts,
  lastError: d.lastError ?? null,
  queuedAt: d.queuedAt,
  notBefore: d.notBefore,
  sentAt: d.sentAt ?? null,
});

/**
 * The messages of one patient or one subject (an appointment, a document…), newest first: queued,
 * sent, failed and why, one row per chat they went to (the patient's own, each guardian's, the
 * staff chat). `appointmentId` is short for the subject of kind appointment.
 */
async function timeline(
  { em, caller, clock }: { em: EntityManager; caller: Caller; clock: Clock },
  input: { patientId?: number; appointmentId?: number; subject?: { kind: string; id: number } },
) {
  const subject = input.appointmentId ? { kind: 'appointment', id: input.appointmentId } : input.subject;
  const where = {
    ...(subject ? { subjectKind: subject.kind, subjectId: subject.id } : { patientId: input.patientId }),
    // A message about a patient shows as what went to each person who hears about them.
    status: { $ne: 'expanded' as const },
  };
  const rows = await em.find(Delivery, where, { orderBy: { queuedAt: 'desc', id: 'desc' }, limit: 200 });
  // What was written to a patient, and when, is their data: each patient shown is a read.
  auditReads(
    em,
    caller,
    clock.now(),
    'notifications.timeline',
    rows.flatMap((d) => (d.patientId ? [d.patientId] : [])),
  );
  await em.flush();
  return rows.map(view);
}

export const notificationsRouter = router({
  timeline: staffProcedure('admin', 'registrar', 'operator')
    .input(
      z
        .object({
          patientId: z.number().int().positive().optional(),
          appointmentId: z.number().int().positive().optional(),
          subject: z.object({ kind: z.string().min(1).max(30), id: z.number().int().positive() }).optional(),
        })
        .refine((q) => q.patientId || q.appointmentId || q.subject, {
          message: 'give a patient, an appointment or a subject',
          path: ['patientId'],
        }),
    )
    .query(({ ctx, input }) => timeline(ctx, input)),
});
