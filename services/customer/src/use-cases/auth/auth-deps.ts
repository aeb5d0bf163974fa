import type { EntityManager } from '@loyalty/db';
import type { TokenDenylist } from '@loyalty/identity';
import type { SignInGuard } from '@loyalty/runtime/api';
import type { CustomerAuthProvider } from '../../data-access/cognito-customer-auth.js';
import type { AuthorizationCodeExchange } from '../../data-access/cognito-hosted-ui.js';
import type { IdentityLinks } from '../../data-access/cognito-identity-links.js';
import type { DeviceSessions } from '../../data-access/device-sessions.js';
import type { SocialIdentityProof } from '../../data-access/social-id-tokens.js';

export interface AuthDeps {
  provider: CustomerAuthProvider;
  /** Signed-out access tokens; the same instance the token verifier consults. */
  denylist: TokenDenylist;
  identityLinks: IdentityLinks;
  proveSocialIdentity: SocialIdentityProof;
  /** Locks an account out after repeated failed sign-ins, whichever process they hit. */
  signInGuard: SignInGuard;
  /** Absent when no Cognito domain (hosted UI) is configured. */
  exchangeCode?: AuthorizationCodeExchange;
  /** The customer's signed-in devices (the sessions table). */
  sessions: DeviceSessions;
  /** How long a session lives: the customer pool's refresh-token lifetime. */
  sessionDays: number;
  em: () => EntityManager;
}
