import { normalizePersonName } from '../../../shared/person-name.ts';
import { normalizePhone } from '../../../shared/phone.ts';
import { ConsentRecord } from '../entities/consent.entity.ts';
import { Patient } from '../entities/patient.entity.ts';
import { audit } from '../patients.access.ts';
import { onceMore, type PatientsCtx, todayOf } from '../patients.context.ts';
import { patientErrors } from '../patients.errors.ts';
import { setPhone } from '../patients.phone.ts';
import { CONSENT_TEXT_VERSION, checkIin } from '../patients.policy.ts';
import { type StaffPatientView, staffPatientView } from './find-patients.ts';

export interface DeskRegistration {
  lastName: string;
  firstName: string;
  middleName?: string | null;
  iin: string;
  phone: string;
  phoneIsOwn: boolean;
  consentSigned: true;
}

/**
 * Reception registers a caller who is not in Telegram, from their ID card: the IIN checked and
 * sealed as the bot does it, birth date and sex taken from it, the phone sealed with its hash and
 * marked as the person's own or someone else's (a relative's), as the desk was told.
 *
 * A known IIN is never a second record: the desk is told "patient_exists" with the record's id
 * (it may open it; staff may find anyone by IIN anyway) and nothing of that record changes, not
 * even its phone, because the phone on record is what later links a Telegram account to it.
 * The consent to process personal data, signed on paper, goes into the ledger (channel "staff",
 * the current text's version); marketing is never assumed, and the bot asks for its own consents
 * if the person ever registers there.
 *
 * Later the person may register in the bot with the same IIN: Telegram's contact button with their
 * own phone links the account at once, and an SMS code goes only to their own phone. A relative's
 * phone proves nothing (the relative could otherwise register as them): then only the desk, seeing
 * the ID card, confirms them.
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
      await setPhone(ctx.vault, patient, phone, { own: input.phoneIsOwn });
      em.persist(patient);
      await em.flush();
      const now = ctx.clock.now();
      em.persist(
        em.create(ConsentRecord, {
          patient,
          purpose: 'personal_data',
          textVersion: CONSENT_TEXT_VERSION,
          granted: true,
          at: now,
          channel: 'staff',
        }),
      );
      audit(em, ctx.caller, now, 'patient.create_at_desk', patient.id);
      await em.flush();
      return staffPatientView(ctx.vault, patient);
    }),
  );
}
