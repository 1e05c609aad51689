import { doctorOfAccount } from '../auth/index.ts';
import { isPatientOfDoctor } from '../booking/index.ts';
import type { DocumentsCtx } from './documents.context.ts';
import { documentErrors } from './documents.errors.ts';

/**
 * A doctor signed in with their own account works with their own patients only: people with a
 * visit with them (past or booked). Their documents go out under that doctor's name, whatever the
 * input says. Admins and the desk serve every patient. A service token with the doctor role is an
 * internal tool an admin issued on purpose (a laboratory's import), not one doctor, and is not
 * narrowed. Returns the doctor to write the document under, or null when the caller is not narrowed.
 */
export async function ownDoctorFor(
  ctx: Pick<DocumentsCtx, 'em' | 'caller'>,
  patientId: number,
): Promise<number | null> {
  const caller = ctx.caller;
  if (caller.kind !== 'staff' || caller.roles.some((role) => role === 'admin' || role === 'registrar'))
    return null;
  const own = await doctorOfAccount(ctx.em, caller.accountId);
  if (own === null || !(await isPatientOfDoctor(ctx.em, own, patientId)))
    throw documentErrors('not_your_patient');
  return own;
}
