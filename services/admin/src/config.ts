import { z } from 'zod';
import { baseEnv, databaseEnv, loadConfig } from '@loyalty/platform';
import { guardEnv, limitEnv } from '@loyalty/runtime/api';

export const adminEnv = baseEnv
  .extend(databaseEnv.shape)
  .extend(guardEnv.shape)
  .extend({
    PORT: z.coerce.number().int().min(0).max(65535).default(3002),
    /** Loopback unless told otherwise; a container image sets 0.0.0.0 so its published port reaches the process. */
    LISTEN_HOST: z.string().min(1).default('127.0.0.1'),
    STAFF_POOL_ID: z.string().min(1),
    STAFF_POOL_CLIENT_ID: z.string().min(1),
    STAFF_POOL_ISSUER: z.url(),
    STAFF_POOL_JWKS_URI: z.url(),
    PREFER_WAIT_MAX_SECONDS: z.coerce.number().int().min(0).max(30).default(10),
    // Each waiting request holds its socket and context: past this many at once, new ones are answered at once (202).
    PREFER_WAIT_MAX_WAITING: z.coerce.number().int().min(0).default(500),
    QR_SIGNING_SECRET: z.string().min(32),
    /** Encrypts the session a client carries between sign-in steps. */
    AUTH_SESSION_SECRET: z.string().min(32),
    QR_MAX_AGE_SECONDS: z.coerce.number().int().min(10).max(3600).default(300),
    /** How long the presigned `downloadUrl` of an export answer works. */
    EXPORT_DOWNLOAD_URL_TTL_SECONDS: z.coerce.number().int().min(60).max(604_800).default(900),
    /** Businesses one staff user may found per window: anyone who signs up may found one, so this caps abuse. */
    BUSINESS_FOUNDING_LIMIT: limitEnv('3/86400'),
  });

export type AdminConfig = z.infer<typeof adminEnv>;

export const loadAdminConfig = (env: NodeJS.ProcessEnv = process.env): AdminConfig => loadConfig(adminEnv, env);
