/** Staff accounts, sign-in and the register of service tokens. */
import { defineModule } from '../../shared/module.ts';
import { authErrors } from './auth.errors.ts';
import { authRouter, staffAccountsRouter } from './auth.router.ts';
import { authEnv, checkAuthEnv, createFirstAdmin } from './auth.startup.ts';
import { LoginThrottle, ServiceToken } from './entities/service-token.entity.ts';
import { SignedOutToken } from './entities/signed-out-token.entity.ts';
import { StaffAccount } from './entities/staff-account.entity.ts';

export {
  doctorOfAccount,
  isActiveAccount,
  staffNames,
  staffTelegramId,
} from './use-cases/manage-accounts.ts';
export {
  issueServiceToken,
  listServiceTokens,
  revokeServiceToken,
  type ServiceTokenView,
} from './use-cases/service-tokens.ts';
export { callerForToken } from './use-cases/token-caller.ts';

export const authModule = defineModule({
  name: 'auth',
  entities: [StaffAccount, ServiceToken, LoginThrottle, SignedOutToken],
  routers: { auth: authRouter, staff: staffAccountsRouter },
  errors: authErrors,
  env: authEnv,
  checkEnv: checkAuthEnv,
  startup: createFirstAdmin,
});
