import { randomBytes } from 'node:crypto';
import { LOCAL_UNSUBSCRIBE_SIGNING_SECRET } from './dev-secrets.js';
import { join } from 'node:path';
import type { ProvisionedTopology } from '@loyalty/topology';
import { apiNodeOptions } from '../../terraform/src/containers.js';
import type { ChildSpec } from './child-processes.js';
import { HOST, PORTS } from './ports.js';

export interface SystemEnv {
  databaseUrl: string;
  redisUrl: string | undefined;
  awsEnv: Record<string, string>;
  /** cognito-local's CustomEmailSender, served by the notifier (see AwsSetup). */
  cognitoTrigger?: { port: number; keyArn: string; kmsEndpoint: string };
  provisioned: ProvisionedTopology;
}

/** What answers HTTP: the two APIs, and the outbox relay's health listener. */
export interface Apis {
  customer: string;
  admin: string;
  outboxRelay: string;
}

/** The ports the services listen on: `npm start`'s fixed ones, or others for a second system beside it (the bench). */
export type ServicePorts = Record<'customerApi' | 'adminApi' | 'outboxRelay', number>;

export function apisAt(ports: ServicePorts): Apis {
  return {
    customer: `http://${HOST}:${ports.customerApi}`,
    admin: `http://${HOST}:${ports.adminApi}`,
    outboxRelay: `http://${HOST}:${ports.outboxRelay}`,
  };
}

export const apis: Apis = apisAt(PORTS);

/** Where the browser apps are served: each API lets its own app call it (CORS), on top of any CORS_ORIGINS of the shell. */
export const appOrigins = {
  staff: `http://${HOST}:${PORTS.staffApp}`,
  customer: `http://${HOST}:${PORTS.customerApp}`,
} as const;

function corsOrigins(appOrigin: string): string {
  return [appOrigin, process.env.CORS_ORIGINS].filter((origin) => origin !== undefined && origin.trim() !== '').join(',');
}

/** Every service as `npm start -w <service>` would run it, wired to this machine's stack. */
export function serviceSpecs(root: string, system: SystemEnv, ports: ServicePorts = PORTS): ChildSpec[] {
  const { staff, customers } = system.provisioned.userPools;
  const shared: NodeJS.ProcessEnv = {
    ...withoutAwsEndpoints(process.env),
    NODE_ENV: 'development',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    AWS_REGION: 'us-east-1',
    RESOURCE_PREFIX: system.provisioned.prefix,
    DATABASE_URL: system.databaseUrl,
    // Both APIs share it: the customer API signs card QR codes, the admin API verifies them.
    QR_SIGNING_SECRET: process.env.QR_SIGNING_SECRET ?? randomBytes(32).toString('base64url'),
    AUTH_SESSION_SECRET: process.env.AUTH_SESSION_SECRET ?? randomBytes(32).toString('base64url'),
    // The notifier signs marketing mails' unsubscribe links, the customer API honours them.
    UNSUBSCRIBE_SIGNING_SECRET: process.env.UNSUBSCRIBE_SIGNING_SECRET ?? LOCAL_UNSUBSCRIBE_SIGNING_SECRET,
    UNSUBSCRIBE_BASE_URL: `http://${HOST}:${ports.customerApi}`,
    ...(system.redisUrl ? { REDIS_URL: system.redisUrl } : {}),
    ...system.awsEnv,
  };
  const service = (name: string, folder: string, env: NodeJS.ProcessEnv = {}, entry = 'src/main.ts'): ChildSpec => ({
    name,
    entry,
    cwd: join(root, 'services', folder),
    // pg reads it as every pool's application_name: pg_stat_activity and the bench's statement profile name the service.
    env: { ...shared, PGAPPNAME: name, ...env },
  });

  return [
    // The heap flags of the ECS task definition, so the bench measures what production runs.
    service('customer-api', 'customer', {
      NODE_OPTIONS: apiNodeOptions['customer-api'],
      PORT: String(ports.customerApi),
      CORS_ORIGINS: corsOrigins(appOrigins.customer),
      CUSTOMER_POOL_ID: customers.userPoolId,
      CUSTOMER_POOL_CLIENT_ID: customers.clientId,
      CUSTOMER_POOL_ISSUER: customers.issuer,
      CUSTOMER_POOL_JWKS_URI: customers.jwksUri,
    }),
    service('admin-api', 'admin', {
      NODE_OPTIONS: apiNodeOptions['admin-api'],
      PORT: String(ports.adminApi),
      CORS_ORIGINS: corsOrigins(appOrigins.staff),
      STAFF_POOL_ID: staff.userPoolId,
      STAFF_POOL_CLIENT_ID: staff.clientId,
      STAFF_POOL_ISSUER: staff.issuer,
      STAFF_POOL_JWKS_URI: staff.jwksUri,
    }),
    service('outbox-relay', 'outbox-relay', { PORT: String(ports.outboxRelay) }),
    // With LOYALTY_PROCESSORS=localstack the processors run as Lambda functions in LocalStack
    // (npm run localstack:deploy); local pollers would compete with them for the same queues.
    ...(process.env.LOYALTY_PROCESSORS === 'localstack'
      ? []
      : [
          service('loyalty-processor', 'loyalty-processor'),
          service('notifier', 'notifier', notifierTriggerEnv(system)),
          service('analytics', 'analytics'),
          service('audit-writer', 'analytics', {}, 'src/audit-main.ts'),
          service('history-writer', 'analytics', {}, 'src/history-main.ts'),
          service('exporter', 'exporter'),
        ]),
  ];
}

// Endpoint variables left in the developer's shell must not point one service somewhere else.
function withoutAwsEndpoints(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('AWS_ENDPOINT_URL')));
}

function notifierTriggerEnv({ cognitoTrigger }: SystemEnv): NodeJS.ProcessEnv {
  if (!cognitoTrigger) return {};
  return { LOCAL_LAMBDA_PORT: String(cognitoTrigger.port), COGNITO_CODE_KEY_ARN: cognitoTrigger.keyArn, AWS_ENDPOINT_URL_KMS: cognitoTrigger.kmsEndpoint };
}
