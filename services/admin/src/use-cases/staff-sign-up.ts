import type { EntityManager } from '@loyalty/db';
import { assertPasswordPolicy } from '@loyalty/identity';
import { recordSecurityEvent, type RequestOrigin } from '@loyalty/outbox';
import type { StaffIdentity } from '../data-access/staff-identity.js';

export interface SignUpDeps {
  em: () => EntityManager;
  identity: StaffIdentity;
}

/**
 * A new owner starts here: an unconfirmed staff user with no group and no business. After the emailed
 * code they sign in through the usual staff flow, which sets TOTP up before any token is handed out,
 * and then found their business (POST /businesses). See docs/identity.md for why sign-up, not invitation.
 */
export async function signUpStaff(deps: SignUpDeps, email: string, password: string, origin: RequestOrigin): Promise<void> {
  assertPasswordPolicy('staff', password);
  const { sub } = await deps.identity.signUp(email, password);
  await recordSecurityEvent(
    deps.em(),
    null,
    { action: 'registered', actor: { type: 'staff', id: sub, username: email }, subject: { type: 'staff_user', id: sub } },
    origin,
  );
}

export async function confirmStaffSignUp(deps: SignUpDeps, email: string, code: string): Promise<void> {
  await deps.identity.confirmSignUp(email, code);
}

export async function resendStaffCode(deps: SignUpDeps, email: string): Promise<void> {
  await deps.identity.resendCode(email);
}
