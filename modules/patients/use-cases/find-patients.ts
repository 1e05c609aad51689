import { normalizePhone } from '../../../shared/phone.ts';
import { KAZAKHSTAN_ZONE, localDate } from '../../../shared/time.ts';
import { Patient } from '../entities/patient.entity.ts';
import { audit } from '../patients.access.ts';
import { phoneHashOf, phoneOf } from '../patients.phone.ts';
import { checkIin } from '../patients.policy.ts';
import { type PatientSummary, patientSummary } from '../patients.views.ts';
import type { PatientsCtx } from './register-patient.ts';

export interface StaffPatientView extends PatientSummary {
  phone: string | null;
}

/**
 * Staff find a patient by IIN or by phone, each through its keyed hash (neither is ever searched
 * in clear). Every search that finds someone is written to the audit log.
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
    if (phone) where.push({ phoneHash: await phoneHashOf(ctx.vault, phone) });
  }
  if (where.length === 0) return [];
  const found = await ctx.em.find(
    Patient,
    { $or: where, erasedAt: null },
    { limit: 20, orderBy: { id: 'asc' } },
  );
  for (const p of found) audit(ctx.em, ctx.caller, ctx.clock.now(), 'patient.find', p.id);
  await ctx.em.flush();
  return Promise.all(found.map(async (p) => ({ ...patientSummary(p), phone: await phoneOf(ctx.vault, p) })));
}
