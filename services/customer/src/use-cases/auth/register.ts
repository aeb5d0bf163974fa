import { assertPasswordPolicy } from '@loyalty/identity';
import type { AuthDeps } from './auth-deps.js';
import type { RequestOrigin } from '@loyalty/outbox';
import { recordCustomerEvent } from './audit.js';

export interface Registration {
  email: string;
  password: string;
  displayName: string;
}

/** Creates an unconfirmed account; Cognito sends the confirmation code to the email address. */
export async function register(deps: AuthDeps, registration: Registration, origin: RequestOrigin): Promise<void> {
  assertPasswordPolicy('customers', registration.password);
  const { sub } = await deps.provider.register(registration.email, registration.password, registration.displayName);
  await recordCustomerEvent(deps.em(), 'registered', { sub, email: registration.email }, origin);
}
