import { z } from 'zod';
import { baseEnv, databaseEnv, loadConfig } from '@loyalty/platform';
import { guardEnv } from '@loyalty/runtime/api';

export const customerEnv = baseEnv
  .extend(databaseEnv.shape)
  .extend(guardEnv.shape)
  .extend({
    PORT: z.coerce.number().int().min(0).max(65535).default(3001),
    /** Loopback unless told otherwise; a container image sets 0.0.0.0 so its published port reaches the process. */
    LISTEN_HOST: z.string().min(1).default('127.0.0.1'),
    CUSTOMER_POOL_ID: z.string().min(1),
    CUSTOMER_POOL_CLIENT_ID: z.string().min(1),
    CUSTOMER_POOL_ISSUER: z.url(),
    CUSTOMER_POOL_JWKS_URI: z.url(),
    /** Shared with the admin API, which verifies the card QR codes this API signs. */
    QR_SIGNING_SECRET: z.string().min(32),
    /** Shared with the notifier, which signs the unsubscribe links of marketing mails this API honours. */
    UNSUBSCRIBE_SIGNING_SECRET: z.string().min(32),
    QR_MAX_AGE_SECONDS: z.coerce.number().int().min(10).max(3600).default(300),
    /** How long the presigned `downloadUrl` of a data export answer works. */
    EXPORT_DOWNLOAD_URL_TTL_SECONDS: z.coerce.number().int().min(60).max(604_800).default(900),
    /** The customer pool's hosted-UI domain (social sign-in); unset, /auth/social/token answers 503. */
    COGNITO_DOMAIN_URL: z.url().optional(),
    /** Linking a social account needs the provider's ID token for our app; unset, that provider cannot be linked. */
    GOOGLE_CLIENT_ID: z.string().min(1).optional(),
    GOOGLE_ISSUER: z.url().default('https://accounts.google.com'),
    GOOGLE_JWKS_URI: z.url().default('https://www.googleapis.com/oauth2/v3/certs'),
    APPLE_CLIENT_ID: z.string().min(1).optional(),
    APPLE_ISSUER: z.url().default('https://appleid.apple.com'),
    APPLE_JWKS_URI: z.url().default('https://appleid.apple.com/auth/keys'),
  });

export type CustomerConfig = z.infer<typeof customerEnv>;

export const loadCustomerConfig = (env: NodeJS.ProcessEnv = process.env): CustomerConfig => loadConfig(customerEnv, env);
