import { passwordRule } from '@loyalty/identity';
import { z } from 'zod';
import { socialProviders } from '../../data-access/cognito-identity-links.js';

export const email = z
  .email()
  .max(254)
  .transform((value) => value.trim().toLowerCase());
const code = z.string().regex(/^\d{4,8}$/, 'a numeric code');
const password = z
  .string()
  .min(1)
  .max(256)
  .meta({ description: `Needs ${passwordRule('customers')}` });

export const registration = z.strictObject({ email, password, displayName: z.string().trim().min(1).max(100) });
export const confirmation = z.strictObject({ email, code });
export const emailOnly = z.strictObject({ email });
export const credentials = z.strictObject({ email, password });
export const mfaAnswer = z.strictObject({ email, session: z.string().min(1).max(4096), code });
export const refreshRequest = z.strictObject({ refreshToken: z.string().min(1).max(8192) });
export const signOutRequest = z.strictObject({ refreshToken: z.string().min(1).max(8192).optional() });
export const passwordReset = z.strictObject({ email, code, password });
export const totpCode = z.strictObject({ code });
export const codeGrant = z.strictObject({
  code: z.string().min(1).max(2048),
  codeVerifier: z.string().regex(/^[\w.~-]{43,128}$/, 'an RFC 7636 code verifier'),
  redirectUri: z.url(),
});
export const provider = z.enum(socialProviders);
export const identityLink = z.strictObject({
  provider,
  idToken: z
    .string()
    .min(1)
    .max(8192)
    .meta({ description: 'The provider’s ID token for this app, from its sign-in SDK: proof that the caller controls the account' }),
});

export const tokensView = z
  .object({ accessToken: z.string(), idToken: z.string().optional(), refreshToken: z.string().optional(), expiresIn: z.number().int() })
  .meta({
    id: 'Tokens',
    description: 'refreshToken is opaque (it names this device session; not a Cognito token) and absent from /auth/refresh answers: keep the one you have',
  });
export const challengeView = z.object({ challenge: z.literal('SOFTWARE_TOKEN_MFA'), session: z.string() }).meta({ id: 'MfaChallenge' });
export const totpEnrolmentView = z.object({ secret: z.string(), otpauthUri: z.string() }).meta({ id: 'TotpEnrolment' });
export const identitiesView = z.object({ items: z.array(z.object({ provider: z.string(), providerUserId: z.string() })) }).meta({ id: 'LinkedIdentities' });
export const acceptedView = z.object({ message: z.string() }).meta({ id: 'Accepted' });
export const sessionId = z.uuid();
export const sessionsView = z
  .object({
    items: z.array(
      z.object({
        id: z.string(),
        deviceLabel: z.string().meta({ description: 'From the User-Agent at sign-in, e.g. "Chrome on macOS"' }),
        ip: z.string().nullable().meta({ description: 'Where it signed in or last refreshed from' }),
        createdAt: z.iso.datetime(),
        lastUsedAt: z.iso.datetime().meta({ description: 'The sign-in or the latest refresh' }),
        expiresAt: z.iso.datetime().meta({ description: 'When its refresh token ends: sign in again after' }),
        current: z.boolean().meta({ description: 'The session of the access token that asked' }),
      }),
    ),
  })
  .meta({ id: 'DeviceSessions' });
