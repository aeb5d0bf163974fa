import type { ProvisionedUserPool } from '@loyalty/topology';
import type { ServiceContainer } from './containers.js';

export interface ServiceEnvironmentInput {
  /** RESOURCE_PREFIX: the relay derives each topic's ARN from it, the account and the region. */
  environment: string;
  region: string;
  accountId: string;
  redisUrl: string;
  /** The customer apps' OAuth redirect URLs: their origins are ones the customer API admits (CORS). */
  callbackUrls: string[];
  /** Where CloudFront serves the built apps (app-hosting.ts): each API admits its app's origin. */
  appOrigins: { customer: string; staff: string };
  customerPool: ProvisionedUserPool;
  staffPool: ProvisionedUserPool;
  /** The customer pool's hosted UI and the Google and Apple client ids behind it (social sign-in). */
  socialSignIn: { cognitoDomainUrl: string; googleClientId: string; appleClientId: string };
  secretArns: { databaseUrl: string; qrSigning: string; authSession: string; unsubscribeSigning: string };
  images: { customerApi: string; adminApi: string; outboxRelay: string };
}

/**
 * What each process's config module (services/<name>/src/config.ts) reads: plain values as
 * environment, everything secret through the container's `secrets`, which ECS resolves from Secrets
 * Manager at start with the execution role. PORT is the container's, set with its port mapping.
 */
export function serviceEnvironments(input: ServiceEnvironmentInput): {
  customerApi: ServiceContainer;
  adminApi: ServiceContainer;
  outboxRelay: ServiceContainer;
} {
  const base = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    AWS_REGION: input.region,
    AWS_ACCOUNT_ID: input.accountId,
    RESOURCE_PREFIX: input.environment,
  };
  const database = { DATABASE_URL: input.secretArns.databaseUrl };
  const corsOrigins = [...new Set([input.appOrigins.customer, ...input.callbackUrls.map((url) => new URL(url).origin)])].join(',');
  return {
    customerApi: {
      image: input.images.customerApi,
      environment: {
        ...base,
        REDIS_URL: input.redisUrl,
        CORS_ORIGINS: corsOrigins,
        CUSTOMER_POOL_ID: input.customerPool.userPoolId,
        CUSTOMER_POOL_CLIENT_ID: input.customerPool.clientId,
        CUSTOMER_POOL_ISSUER: input.customerPool.issuer,
        CUSTOMER_POOL_JWKS_URI: input.customerPool.jwksUri,
        COGNITO_DOMAIN_URL: input.socialSignIn.cognitoDomainUrl,
        GOOGLE_CLIENT_ID: input.socialSignIn.googleClientId,
        APPLE_CLIENT_ID: input.socialSignIn.appleClientId,
      },
      secrets: { ...database, QR_SIGNING_SECRET: input.secretArns.qrSigning, UNSUBSCRIBE_SIGNING_SECRET: input.secretArns.unsubscribeSigning },
    },
    adminApi: {
      image: input.images.adminApi,
      environment: {
        ...base,
        REDIS_URL: input.redisUrl,
        CORS_ORIGINS: input.appOrigins.staff,
        STAFF_POOL_ID: input.staffPool.userPoolId,
        STAFF_POOL_CLIENT_ID: input.staffPool.clientId,
        STAFF_POOL_ISSUER: input.staffPool.issuer,
        STAFF_POOL_JWKS_URI: input.staffPool.jwksUri,
      },
      secrets: { ...database, QR_SIGNING_SECRET: input.secretArns.qrSigning, AUTH_SESSION_SECRET: input.secretArns.authSession },
    },
    outboxRelay: { image: input.images.outboxRelay, environment: base, secrets: database },
  };
}
