import { JwtVerifier } from 'aws-jwt-verify';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { AppError } from '@loyalty/platform';
import type { LinkedIdentity, SocialProvider } from './cognito-identity-links.js';

export interface SocialProviderSettings {
  /** Our app's client id at the provider: the `aud` its ID tokens must carry. */
  clientId: string;
  issuer: string;
  jwksUri: string;
}

/** Proves the caller controls a Google or Apple account: a verified ID token from that provider. */
export type SocialIdentityProof = (provider: SocialProvider, idToken: string) => Promise<LinkedIdentity>;

/**
 * Linking trusts nothing the app merely says: the provider's own signed ID token names the account.
 * Cognito cannot link a social user that has already signed in through the hosted UI, so the proof is
 * the provider's token the app obtained with the provider's SDK, checked against its published keys.
 */
export function socialIdentityProof(providers: Partial<Record<SocialProvider, SocialProviderSettings>>): SocialIdentityProof {
  const verifiers = new Map(
    Object.entries(providers).map(([provider, settings]) => [
      provider,
      { settings, verifier: JwtVerifier.create({ issuer: settings.issuer, audience: settings.clientId, jwksUri: settings.jwksUri }), jwksLoaded: false },
    ]),
  );
  return async (provider, idToken) => {
    const entry = verifiers.get(provider);
    if (!entry) throw new AppError({ code: 'SOCIAL_PROVIDER_UNAVAILABLE', status: 503, detail: `${provider} is not configured here` });
    // aws-jwt-verify fetches only https JWKS; a local stand-in for the provider serves http.
    if (!entry.jwksLoaded && entry.settings.jwksUri.startsWith('http://')) {
      entry.verifier.cacheJwks((await (await fetch(entry.settings.jwksUri)).json()) as Jwks);
      entry.jwksLoaded = true;
    }
    try {
      const payload = await entry.verifier.verify(idToken);
      return { provider, providerUserId: String(payload.sub) };
    } catch {
      throw new AppError({ code: 'INVALID_IDENTITY_TOKEN', status: 401, detail: `The ${provider} ID token is not valid for this app` });
    }
  };
}
