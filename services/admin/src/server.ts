import { createLogger, type Logger } from '@loyalty/platform';
import { createTokenVerifier } from '@loyalty/identity';
import { physicalName, presignGetObject } from '@loyalty/topology';
import { createQuota, startApiProcess, type RunningApi } from '@loyalty/runtime/api';
import { documentClient, tableName } from '@loyalty/tables';
import { createAdminApp } from './app.js';
import type { AdminConfig } from './config.js';
import { apiKeyUsageRecorder } from './data-access/api-key-usage.js';
import { staffEmail } from './data-access/staff-email.js';
import { cognitoStaffIdentity } from './data-access/staff-identity.js';
import { TransactionWaiter } from './data-access/transaction-waiter.js';

export async function startAdminServer(config: AdminConfig, logger: Logger = createLogger('admin-api', config.LOG_LEVEL)): Promise<RunningApi> {
  return startApiProcess(
    config,
    logger,
    async ({ orm, health, denylist, principalCache, signInGuard, http, aws, redis }) => {
      const waiter = new TransactionWaiter(config.DATABASE_URL, logger, config.PREFER_WAIT_MAX_WAITING);
      waiter.start();
      const pool = {
        userPoolId: config.STAFF_POOL_ID,
        clientId: config.STAFF_POOL_CLIENT_ID,
        issuer: config.STAFF_POOL_ISSUER,
        jwksUri: config.STAFF_POOL_JWKS_URI,
      };
      const verifier = createTokenVerifier(pool, denylist, principalCache);
      const app = createAdminApp({
        logger,
        health,
        http,
        verifier,
        denylist,
        signInGuard,
        waiter,
        em: () => orm.em.fork(),
        preferWaitMaxSeconds: config.PREFER_WAIT_MAX_SECONDS,
        qr: { secret: config.QR_SIGNING_SECRET, maxAgeSeconds: config.QR_MAX_AGE_SECONDS },
        identity: cognitoStaffIdentity(aws.cognito, pool),
        recordApiKeyUsage: apiKeyUsageRecorder(),
        sessionSecret: config.AUTH_SESSION_SECRET,
        exports: {
          link: (objectKey) => presignGetObject(aws.s3, physicalName(config.RESOURCE_PREFIX, 'exports'), objectKey, config.EXPORT_DOWNLOAD_URL_TTL_SECONDS),
          requesterEmail: (accessToken) => staffEmail(aws.cognito, accessToken),
        },
        audit: { client: documentClient(aws.dynamodb), name: tableName(config.RESOURCE_PREFIX, 'audit') },
        foundingQuota: createQuota(redis, `${config.RESOURCE_PREFIX}:admin:founded-businesses`, config.BUSINESS_FOUNDING_LIMIT, {
          code: 'BUSINESS_LIMIT_REACHED',
          detail: 'You have founded as many businesses as one account may for now. Try again later.',
        }),
      });
      return { app, onStop: () => waiter.stop() };
    },
    { service: 'admin', host: config.LISTEN_HOST },
  );
}
