import { assertPasswordPolicy } from '@loyalty/identity';
import type { AuthDeps } from './auth-deps.js';
import type { RequestOrigin } from '@loyalty/outbox';
import { recordCustomerEvent } from './audit.js';

/** Answers the same whether or not the account exists, so the endpoint cannot be used to find accounts. */
export async function requestPasswordReset(deps: AuthDeps, email: string, origin: RequestOrigin): Promise<void> {
  await deps.provider.forgotPassword(email);
  await recordCustomerEvent(deps.em(), 'password.reset_requested', { sub: null, email }, origin);
}

export async function resetPassword(deps: AuthDeps, email: string, code: string, password: string, origin: RequestOrigin): Promise<void> {
  assertPasswordPolicy('customers', password);
  await deps.provider.resetPassword(email, code, password);
  await recordCustomerEvent(deps.em(), 'password.reset', { sub: null, email }, origin);
}
