/** Staff accounts and sign-in. */
import { authErrors } from './auth.errors.ts';
import { StaffAccount } from './entities/staff-account.entity.ts';

export { authRouter, staffAccountsRouter } from './auth.router.ts';
export { doctorOfAccount, ensureFirstAdmin } from './use-cases/manage-accounts.ts';

export const authModule = {
  name: 'auth',
  entities: [StaffAccount],
  errors: authErrors,
};
