import { z } from 'zod';
import { staffRoles } from '@loyalty/db';
import { passwordRule } from '@loyalty/identity';

const email = z
  .email()
  .max(320)
  .transform((value) => value.toLowerCase());
const challenge = z.enum(['NEW_PASSWORD_REQUIRED', 'MFA_SETUP', 'SOFTWARE_TOKEN_MFA']);

export const signInBody = z.object({ email, password: z.string().min(1).max(256) });

export const signUpBody = z.object({
  email,
  password: z
    .string()
    .min(1)
    .max(256)
    .meta({ description: `Needs ${passwordRule('staff')}` }),
});
export const confirmBody = z.object({ email, code: z.string().regex(/^\d{4,8}$/, 'a numeric code') });
export const emailBody = z.object({ email });
export const acceptedView = z.object({ message: z.string() }).meta({ id: 'Accepted' });

export const challengeBody = z.object({
  email,
  session: z.string().min(1).max(8000),
  challenge,
  newPassword: z.string().min(1).max(256).optional().meta({ description: 'For NEW_PASSWORD_REQUIRED' }),
  code: z
    .string()
    .regex(/^\d{6}$/, 'six digits')
    .optional()
    .meta({ description: 'The authenticator’s code, for MFA_SETUP and SOFTWARE_TOKEN_MFA' }),
});

export const refreshBody = z.object({ refreshToken: z.string().min(1).max(8000) });
export const signOutBody = z.object({ refreshToken: z.string().min(1).max(8000).optional() }).optional();

export const tokensView = z
  .object({
    status: z.literal('signed-in'),
    accessToken: z.string(),
    refreshToken: z.string().nullable(),
    idToken: z.string().nullable(),
    expiresIn: z.number().int(),
    tokenType: z.literal('Bearer'),
  })
  .meta({ id: 'StaffTokens' });

export const challengeView = z
  .object({
    status: z.literal('challenge'),
    challenge,
    session: z.string().meta({ description: 'Send it back with the answer; valid for 5 minutes' }),
    totp: z
      .object({ secret: z.string(), uri: z.string().meta({ description: 'otpauth:// URI for a QR code' }) })
      .optional()
      .meta({ description: 'For MFA_SETUP' }),
  })
  .meta({ id: 'SignInChallenge' });

export const signInAnswerView = z.union([tokensView, challengeView]);

export const invitationBody = z.object({
  email,
  role: z.enum(staffRoles),
  storeIds: z.array(z.uuid()).min(1).max(500).optional().meta({ description: 'Limit the member to these stores; omit for every store' }),
});
