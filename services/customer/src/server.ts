import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { createLogger, type Logger } from '@loyalty/platform';
import { createTokenVerifier } from '@loyalty/identity';
import { awsClientsFor, startApiProcess, type RunningApi } from '@loyalty/runtime';
import type { RelayOptions } from '@loyalty/outbox';
import { createCustomerApp } from './app.js';
import type { CustomerConfig } from './config.js';
import { cognitoAccountRemover } from './data-access/cognito-accounts.js';
import { cognitoProfiles } from './data-access/cognito-profile.js';

export async function startCustomerServer(config: CustomerConfig, logger: Logger = createLogger('customer-api', config.LOG_LEVEL), options: { relay?: RelayOptions } = {}): Promise<RunningApi> {
  return startApiProcess(config, logger, async ({ orm, health }) => {
    const cognito: CognitoIdentityProviderClient = awsClientsFor(config).cognito;
    const verifier = createTokenVerifier({
      userPoolId: config.CUSTOMER_POOL_ID,
      clientId: config.CUSTOMER_POOL_CLIENT_ID,
      issuer: config.CUSTOMER_POOL_ISSUER,
      jwksUri: config.CUSTOMER_POOL_JWKS_URI,
    });
    const app = createCustomerApp({
      logger,
      health,
      verifier,
      profiles: cognitoProfiles(cognito),
      removeAccount: cognitoAccountRemover(cognito, config.CUSTOMER_POOL_ID),
      qr: { secret: config.QR_SIGNING_SECRET, maxAgeSeconds: config.QR_MAX_AGE_SECONDS },
      em: () => orm.em.fork(),
    });
    return { app, onStop: async () => cognito.destroy() };
  }, options);
}
