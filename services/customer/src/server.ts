import { createLogger, type Logger } from '@loyalty/platform';
import { createTokenVerifier } from '@loyalty/identity';
import { physicalName, presignGetObject } from '@loyalty/topology';
import { startApiProcess, type RunningApi } from '@loyalty/runtime/api';
import { documentClient, tableName } from '@loyalty/tables';
import { topology } from '@loyalty/topology/definition';
import { createCustomerApp } from './app.js';
import type { CustomerConfig } from './config.js';
import { cognitoAccountRemover } from './data-access/cognito-accounts.js';
import { cognitoCustomerAuth } from './data-access/cognito-customer-auth.js';
import { cognitoCodeExchange } from './data-access/cognito-hosted-ui.js';
import { cognitoIdentityLinks } from './data-access/cognito-identity-links.js';
import { cognitoProfiles } from './data-access/cognito-profile.js';
import { dynamoDeviceSessions } from './data-access/device-sessions.js';
import { socialIdentityProof } from './data-access/social-id-tokens.js';

export async function startCustomerServer(config: CustomerConfig, logger: Logger = createLogger('customer-api', config.LOG_LEVEL)): Promise<RunningApi> {
  return startApiProcess(
    config,
    logger,
    async ({ orm, health, denylist, principalCache, signInGuard, http, aws }) => {
      const { cognito } = aws;
      const verifier = createTokenVerifier(
        {
          userPoolId: config.CUSTOMER_POOL_ID,
          clientId: config.CUSTOMER_POOL_CLIENT_ID,
          issuer: config.CUSTOMER_POOL_ISSUER,
          jwksUri: config.CUSTOMER_POOL_JWKS_URI,
        },
        denylist,
        principalCache,
      );
      const em = () => orm.em.fork();
      const app = createCustomerApp({
        logger,
        health,
        http,
        verifier,
        profiles: cognitoProfiles(cognito),
        removeAccount: cognitoAccountRemover(cognito, config.CUSTOMER_POOL_ID),
        qr: { secret: config.QR_SIGNING_SECRET, maxAgeSeconds: config.QR_MAX_AGE_SECONDS },
        unsubscribeSecret: config.UNSUBSCRIBE_SIGNING_SECRET,
        exportLink: (objectKey) => presignGetObject(aws.s3, physicalName(config.RESOURCE_PREFIX, 'exports'), objectKey, config.EXPORT_DOWNLOAD_URL_TTL_SECONDS),
        history: { client: documentClient(aws.dynamodb), name: tableName(config.RESOURCE_PREFIX, 'transaction-history') },
        em,
        auth: {
          provider: cognitoCustomerAuth(cognito, config.CUSTOMER_POOL_CLIENT_ID, config.CUSTOMER_POOL_ID),
          denylist,
          signInGuard,
          identityLinks: cognitoIdentityLinks(cognito, config.CUSTOMER_POOL_ID),
          proveSocialIdentity: socialIdentityProof({
            ...(config.GOOGLE_CLIENT_ID
              ? { Google: { clientId: config.GOOGLE_CLIENT_ID, issuer: config.GOOGLE_ISSUER, jwksUri: config.GOOGLE_JWKS_URI } }
              : {}),
            ...(config.APPLE_CLIENT_ID
              ? { SignInWithApple: { clientId: config.APPLE_CLIENT_ID, issuer: config.APPLE_ISSUER, jwksUri: config.APPLE_JWKS_URI } }
              : {}),
          }),
          ...(config.COGNITO_DOMAIN_URL ? { exchangeCode: cognitoCodeExchange(config.COGNITO_DOMAIN_URL, config.CUSTOMER_POOL_CLIENT_ID) } : {}),
          sessions: dynamoDeviceSessions(documentClient(aws.dynamodb), tableName(config.RESOURCE_PREFIX, 'sessions')),
          sessionDays: topology.userPools.customers.refreshTokenDays,
          em,
        },
      });
      return { app };
    },
    { service: 'customer', host: config.LISTEN_HOST },
  );
}
