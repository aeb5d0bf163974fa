import type { AuthDeps } from './auth-deps.js';

export async function confirmEmail(deps: AuthDeps, email: string, code: string): Promise<void> {
  await deps.provider.confirm(email, code);
}

/** Answers the same whether or not the account exists, so the endpoint cannot be used to find accounts. */
export async function resendConfirmationCode(deps: AuthDeps, email: string): Promise<void> {
  await deps.provider.resendCode(email);
}
