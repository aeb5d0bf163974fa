import { CognitoJwtVerifier, JwtVerifier } from 'aws-jwt-verify';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { AppError } from '@loyalty/platform';
import { memoryDenylist, tokenKey, type TokenDenylist } from './denylist.js';
import type { Principal } from './principal.js';
import { noPrincipalCache, type PrincipalCache } from './principal-cache.js';

export interface UserPoolSettings {
  userPoolId: string;
  clientId: string;
  issuer: string;
  jwksUri: string;
}

export interface TokenVerifier {
  verify(authorizationHeader: string | undefined): Promise<Principal>;
}

/** Turns a raw access token into a principal, or throws: the JWT work the principal cache saves. */
export type PrincipalSource = (token: string) => Promise<Principal>;

export function createTokenVerifier(
  pool: UserPoolSettings,
  denylist: TokenDenylist = memoryDenylist(),
  cache: PrincipalCache = noPrincipalCache,
): TokenVerifier {
  return cachingVerifier(jwtPrincipals(pool), { denylist, cache, scope: `${pool.userPoolId}:${pool.clientId}` });
}

/**
 * The denylist is asked before the cache, so a signed-out token is refused at once even while a
 * verified copy of it is cached.
 */
export function cachingVerifier(source: PrincipalSource, options: { denylist: TokenDenylist; cache: PrincipalCache; scope: string }): TokenVerifier {
  return {
    async verify(header) {
      const token = /^Bearer (\S+)$/i.exec(header ?? '')?.[1];
      if (!token) throw AppError.unauthorized('Send an access token: Authorization: Bearer <token>');
      const key = tokenKey(token);
      if (await options.denylist.isKeyDenied(key)) throw AppError.unauthorized('This token was signed out');
      const cached = await options.cache.get(options.scope, token, key);
      if (cached) return cached;
      const principal = await source(token);
      await options.cache.set(options.scope, principal, key);
      return principal;
    },
  };
}

/**
 * Verifies Cognito access tokens. Against AWS, CognitoJwtVerifier does it all. Against cognito-local
 * (an http:// issuer that CognitoJwtVerifier refuses) the generic verifier gets the same checks by hand:
 * issuer and signature from the pool's JWKS, token_use, client_id.
 */
export function jwtPrincipals(pool: UserPoolSettings): PrincipalSource {
  const local = pool.issuer.startsWith('http://');
  const verifier = local ? localVerifier(pool) : CognitoJwtVerifier.create({ userPoolId: pool.userPoolId, tokenUse: 'access', clientId: pool.clientId });
  let jwksLoaded = !local;

  return async (token) => {
    if (!jwksLoaded) {
      verifier.cacheJwks(await fetchJwks(pool.jwksUri));
      jwksLoaded = true;
    }
    let payload: JwtPayload;
    try {
      payload = await verifier.verify(token);
    } catch {
      throw AppError.unauthorized('The access token is not valid');
    }
    return {
      expiresAt: new Date(Number(payload.exp) * 1000),
      sub: String(payload.sub),
      username: String(payload.username ?? payload['cognito:username'] ?? payload.sub),
      groups: Array.isArray(payload['cognito:groups']) ? payload['cognito:groups'].map(String) : [],
      token,
    };
  };
}

function localVerifier(pool: UserPoolSettings) {
  return JwtVerifier.create({
    issuer: pool.issuer,
    jwksUri: pool.jwksUri,
    audience: null,
    customJwtCheck: ({ payload }) => {
      if (payload.token_use !== 'access') throw new Error('not an access token');
      if (payload.client_id !== pool.clientId) throw new Error('token issued to another client');
    },
  });
}

async function fetchJwks(uri: string): Promise<Jwks> {
  const response = await fetch(uri);
  if (!response.ok) throw new Error(`JWKS at ${uri} answered ${response.status}`);
  return (await response.json()) as Jwks;
}
