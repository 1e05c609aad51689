import type { EntityManager } from '@mikro-orm/postgresql';
import type { StartupDeps } from '../../shared/module.ts';
import { normalizePhone } from '../../shared/phone.ts';
import type { Vault } from '../../shared/vault.ts';
import { Patient } from './entities/patient.entity.ts';

/**
 * The phone on a patient's record is sealed like the IIN. Its lookup hash is taken over a prefixed
 * value, so a phone's hash can never equal an IIN's.
 */
export const phoneHashOf = (vault: Vault, phone: string) => vault.hash(`phone:${phone}`);

export async function phoneOf(vault: Vault, patient: Patient): Promise<string | null> {
  return patient.phoneCipher ? vault.decrypt(patient.phoneCipher) : null;
}

/** `own`: the phone is the patient's own (see Patient.phoneIsOwn); only such a phone proves identity. */
export async function setPhone(
  vault: Vault,
  patient: Patient,
  phone: string | null,
  { own }: { own: boolean } = { own: true },
): Promise<void> {
  patient.phoneCipher = phone ? await vault.encrypt(phone) : null;
  patient.phoneHash = phone ? await phoneHashOf(vault, phone) : null;
  patient.phoneIsOwn = own;
  patient.legacyPhone = null;
}

/** The phone that proves who the patient is: their own on record, never one the desk noted for them. */
export async function provingPhoneOf(vault: Vault, patient: Patient): Promise<string | null> {
  return patient.phoneIsOwn ? phoneOf(vault, patient) : null;
}

/** Whether the record has exactly this phone as the patient's own (compared by hash, nothing opened). */
export async function hasOwnPhone(vault: Vault, patient: Patient, phone: string): Promise<boolean> {
  return (
    patient.phoneIsOwn &&
    patient.phoneHash !== null &&
    patient.phoneHash === (await phoneHashOf(vault, phone))
  );
}

/** At start-up: phones a database still holds in clear are sealed, and the clear ones erased. */
export async function sealLegacyPhones(em: EntityManager, vault: Vault): Promise<number> {
  let sealed = 0;
  for (;;) {
    const open = await em.find(Patient, { legacyPhone: { $ne: null } }, { limit: 1000 });
    if (open.length === 0) return sealed;
    // Normalised first (a number typed as "8 701 …" by staff), so it matches a shared contact.
    for (const patient of open)
      await setPhone(vault, patient, normalizePhone(patient.legacyPhone!) ?? patient.legacyPhone!);
    await em.flush();
    em.clear();
    sealed += open.length;
  }
}

/** The start-up step: sealing is logged (a count), never shown at the terminal. */
export async function sealPhonesAtStart({ em, vault, log }: StartupDeps): Promise<undefined> {
  const sealed = await sealLegacyPhones(em(), vault);
  if (sealed) log.info({ sealed }, 'patients’ phones stored in clear were sealed');
  return undefined;
}
