import { baseEnv, loadConfig } from '@loyalty/platform';
import { z } from 'zod';
import { LOCAL_UNSUBSCRIBE_SIGNING_SECRET } from '../local/dev-secrets.js';
import { HOST, PORTS } from '../local/ports.js';
import type { LambdaArchitecture } from './plan.js';

const hostArchitecture: LambdaArchitecture = process.arch === 'arm64' ? 'arm64' : 'x86_64';

// Defaults fit docker-compose.localstack.yml: the Lambda containers join its network, where Postgres
// is the `postgres` service and LocalStack is `localstack`.
const deployEnv = baseEnv.pick({ LOG_LEVEL: true, AWS_ACCOUNT_ID: true, RESOURCE_PREFIX: true }).extend({
  AWS_REGION: z.string().default('us-east-1'),
  AWS_ENDPOINT_URL: z.url().default(`http://${HOST}:4566`),
  // Cognito is LocalStack Pro only: provisionTopology creates the user pools in `npm start`'s cognito-local.
  AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: z.url().default(`http://${HOST}:${PORTS.cognito}`),
  LOYALTY_LAMBDA_DIR: z.string().default('dist/lambda'),
  LOCALSTACK_LAMBDA_DATABASE_URL: z
    .url()
    .refine((url) => url.startsWith('postgres'), 'must be a postgres:// URL')
    .default('postgres://postgres:postgres@postgres:5432/loyalty'),
  LOCALSTACK_LAMBDA_AWS_ENDPOINT_URL: z.url().default('http://localstack:4566'),
  LOCALSTACK_LAMBDA_ARCHITECTURE: z.enum(['x86_64', 'arm64']).default(hostArchitecture),
  EMAIL_FROM_ADDRESS: z.email().default('rewards@loyalty.example'),
  // The same secret `npm start`'s customer API was given, or its links are refused.
  UNSUBSCRIBE_SIGNING_SECRET: z.string().min(32).default(LOCAL_UNSUBSCRIBE_SIGNING_SECRET),
  LOCALSTACK_LAMBDA_UNSUBSCRIBE_BASE_URL: z.url().default(`http://host.docker.internal:${PORTS.customerApi}`),
});

export type LocalStackDeployConfig = z.infer<typeof deployEnv>;

export const loadLocalStackDeployConfig = (env: NodeJS.ProcessEnv = process.env): LocalStackDeployConfig => loadConfig(deployEnv, env);
