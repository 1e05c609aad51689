import { normalizePersonName } from '../../../shared/person-name.ts';
import { normalizePhone } from '../../../shared/phone.ts';
import { Patient } from '../entities/patient.entity.ts';
import { audit } from '../patients.access.ts';
import { onceMore, type PatientsCtx, todayOf } from '../patients.context.ts';
import { patientErrors } from '../patients.errors.ts';
import { setPhone } from '../patients.phone.ts';
import { checkIin } from '../patients.policy.ts';
import { patientSummary } from '../patients.views.ts';
import type { StaffPatientView } from './find-patients.ts';

export interface DeskRegistration {
  lastName: string;
  firstName: string;
  middleName?: string | null;
  iin: string;
  phone: string;
}

/**
 * Reception registers a caller who is not in Telegram, from their ID card: the IIN checked and
 * sealed as the bot does it, birth date and sex taken from it, the phone sealed with its hash.
 *
 * A known IIN is never a second record: the desk is told "patient_exists" with the record's id
 * (it may open it; staff may find anyone by IIN anyway) and nothing of that record changes, not
 * even its phone, because the phone on record is what later links a Telegram account to it.
 * Consents are not recorded here: the person gives them in the bot if they ever register there.
 *
 * Later the person may register in the bot with the same IIN: Telegram's contact button with this
 * phone links the account at once; any other phone must still be proven (SMS or the desk), as for
 * every record the clinic has.
 */
export async function registerAtDesk(ctx: PatientsCtx, input: DeskRegistration): Promise<StaffPatientView> {
  const name = (value: string) => {
    const normal = normalizePersonName(value);
    if (!normal) throw patientErrors('name_invalid');
    return normal;
  };
  const lastName = name(input.lastName);
  const firstName = name(input.firstName);
  const middleName = input.middleName ? name(input.middleName) : null;
  const facts = checkIin(input.iin, todayOf(ctx));
  const phone = normalizePhone(input.phone);
  if (!phone) throw patientErrors('phone_invalid');
  const iinHash = await ctx.vault.hash(facts.iin);
  const iinCipher = await ctx.vault.encrypt(facts.iin);

  // Two desks entering one person at once: the unique IIN hash lets one win, the other then finds it.
  return onceMore(() =>
    ctx.em.transactional(async (em) => {
      const known = await em.findOne(Patient, { iinHash });
      if (known) throw patientErrors('patient_exists', { patientId: known.id });
      const patient = em.create(Patient, {
        lastName,
        firstName,
        middleName,
        iinCipher,
        iinHash,
        iinLast4: facts.iin.slice(-4),
        birthDate: facts.birthDate,
        sex: facts.sex,
      });
      await setPhone(ctx.vault, patient, phone);
      em.persist(patient);
      await em.flush();
      audit(em, ctx.caller, ctx.clock.now(), 'patient.create_at_desk', patient.id);
      await em.flush();
      return { ...patientSummary(patient), phone };
    }),
  );
}
