import type { AuthTokens } from '../../data-access/cognito-customer-auth.js';
import type { AuthDeps } from './auth-deps.js';

export function refreshSession(deps: AuthDeps, refreshToken: string): Promise<AuthTokens> {
  return deps.provider.refresh(refreshToken);
}
