export { createTokenVerifier, type TokenVerifier, type Principal, type UserPoolSettings } from './token-verifier.js';
export { memoryDenylist, tokenKey, type TokenDenylist } from './denylist.js';
