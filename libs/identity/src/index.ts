export { createTokenVerifier, cachingVerifier, jwtPrincipals, type TokenVerifier, type PrincipalSource, type UserPoolSettings } from './token-verifier.js';
export type { Principal } from './principal.js';
export { memoryDenylist, tokenKey, type TokenDenylist } from './denylist.js';
export { redisDenylist } from './redis-denylist.js';
export { redisPrincipalCache, noPrincipalCache, type PrincipalCache } from './principal-cache.js';
export { assertPasswordPolicy, passwordPolicyError, passwordRule } from './password-policy.js';
