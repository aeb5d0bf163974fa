import { z } from 'zod';
import { AppError } from '@loyalty/platform';
import type { AuthTokens } from './cognito-customer-auth.js';

export interface AuthorizationCodeGrant {
  code: string;
  codeVerifier: string;
  redirectUri: string;
}

export type AuthorizationCodeExchange = (grant: AuthorizationCodeGrant) => Promise<AuthTokens>;

const tokenResponse = z.object({
  access_token: z.string().min(1),
  id_token: z.string().optional(),
  refresh_token: z.string().optional(),
  expires_in: z.number().int().positive(),
});

/**
 * The hosted UI (and Google or Apple behind it) hands the app an authorization code; this trades it at
 * the Cognito domain's token endpoint. The app client is public (no secret): PKCE's verifier is the proof.
 */
export function cognitoCodeExchange(domainUrl: string, clientId: string): AuthorizationCodeExchange {
  const endpoint = new URL('/oauth2/token', domainUrl);
  return async ({ code, codeVerifier, redirectUri }) => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: clientId, code, code_verifier: codeVerifier, redirect_uri: redirectUri }),
      signal: AbortSignal.timeout(10_000),
    }).catch((error: unknown) => {
      throw new AppError({ code: 'SOCIAL_SIGN_IN_UNAVAILABLE', status: 503, detail: 'The sign-in provider cannot be reached', cause: error });
    });
    if (response.status === 400 || response.status === 401) {
      throw new AppError({
        code: 'INVALID_AUTHORIZATION_CODE',
        status: 401,
        detail: 'The authorization code is not valid, has been used, or does not match the verifier',
      });
    }
    if (!response.ok) throw new AppError({ code: 'SOCIAL_SIGN_IN_UNAVAILABLE', status: 503, detail: 'The sign-in provider failed' });
    const body = tokenResponse.parse(await response.json());
    return {
      accessToken: body.access_token,
      ...(body.id_token ? { idToken: body.id_token } : {}),
      ...(body.refresh_token ? { refreshToken: body.refresh_token } : {}),
      expiresIn: body.expires_in,
    };
  };
}
