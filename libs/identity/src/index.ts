export { createTokenVerifier, type TokenVerifier, type Principal, type UserPoolSettings } from './token-verifier.js';
