import { config } from './config.js';

const VERIFIER = 'loyalty.pkce';

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

export const callbackUrl = () => `${location.origin}/auth/callback`;

/** The hosted UI (Google or Apple behind it on AWS, cognito-local's page locally) with PKCE; the API trades the code. */
export async function startSocialSignIn(): Promise<void> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(VERIFIER, verifier);
  const query = new URLSearchParams({
    client_id: config.clientId ?? '',
    redirect_uri: callbackUrl(),
    response_type: 'code',
    scope: 'openid email',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    identity_provider: 'Google',
  });
  location.assign(`${config.hostedUiUrl}/oauth2/authorize?${query}`);
}

export function takeVerifier(): string | undefined {
  const verifier = sessionStorage.getItem(VERIFIER) ?? undefined;
  sessionStorage.removeItem(VERIFIER);
  return verifier;
}
