import { CognitoJwtVerifier, JwtVerifier } from 'aws-jwt-verify';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { AppError } from '@loyalty/platform';
import { memoryDenylist, type TokenDenylist } from './denylist.js';

export interface UserPoolSettings {
  userPoolId: string;
  clientId: string;
  issuer: string;
  jwksUri: string;
}

export interface Principal {
  sub: string;
  username: string;
  groups: string[];
  token: string;
  expiresAt: Date;
}

export interface TokenVerifier {
  verify(authorizationHeader: string | undefined): Promise<Principal>;
}

/**
 * Verifies Cognito access tokens. Against AWS, CognitoJwtVerifier does it all. Against cognito-local
 * (an http:// issuer that CognitoJwtVerifier refuses) the generic verifier gets the same checks by hand:
 * issuer and signature from the pool's JWKS, token_use, client_id.
 */
export function createTokenVerifier(pool: UserPoolSettings, denylist: TokenDenylist = memoryDenylist()): TokenVerifier {
  const local = pool.issuer.startsWith('http://');
  const verifier = local ? localVerifier(pool) : CognitoJwtVerifier.create({ userPoolId: pool.userPoolId, tokenUse: 'access', clientId: pool.clientId });
  let jwksLoaded = !local;

  return {
    async verify(header) {
      const token = /^Bearer (\S+)$/i.exec(header ?? '')?.[1];
      if (!token) throw AppError.unauthorized('Send an access token: Authorization: Bearer <token>');
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
      if (await denylist.isDenied(token)) throw AppError.unauthorized('This token was signed out');
      return {
        expiresAt: new Date(Number(payload.exp) * 1000),
        sub: String(payload.sub),
        username: String(payload.username ?? payload['cognito:username'] ?? payload.sub),
        groups: Array.isArray(payload['cognito:groups']) ? payload['cognito:groups'].map(String) : [],
        token,
      };
    },
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
