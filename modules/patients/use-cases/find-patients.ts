import { normalizePhone } from '../../../shared/phone.ts';
import { KAZAKHSTAN_ZONE, localDate } from '../../../shared/time.ts';
import { Patient } from '../entities/patient.entity.ts';
import { audit } from '../patients.access.ts';
import { checkIin } from '../patients.policy.ts';
import { type PatientSummary, patientSummary } from '../patients.views.ts';
import type { PatientsCtx } from './register-patient.ts';

export interface StaffPatientView extends PatientSummary {
  phone: string | null;
}

/**
 * Staff find a patient by IIN (through its keyed hash: the IIN itself is never searched in clear)
 * or by phone. Every search that finds someone is written to the audit log.
 */
export async function findPatients(
  ctx: PatientsCtx,
  query: { iin?: string; phone?: string },
): Promise<StaffPatientView[]> {
  const where: object[] = [];
  if (query.iin) {
    const facts = checkIin(query.iin, localDate(ctx.clock.now(), KAZAKHSTAN_ZONE));
    where.push({ iinHash: await ctx.vault.hash(facts.iin) });
  }
  if (query.phone) {
    const phone = normalizePhone(query.phone);
    if (phone) where.push({ phone });
  }
  if (where.length === 0) return [];
  const found = await ctx.em.find(
    Patient,
    { $or: where, erasedAt: null },
    { limit: 20, orderBy: { id: 'asc' } },
  );
  for (const p of found) audit(ctx.em, ctx.caller, ctx.clock.now(), 'patient.find', p.id);
  await ctx.em.flush();
  return found.map((p) => ({ ...patientSummary(p), phone: p.phone ?? null }));
}
