import { join } from 'node:path';
import { startLocalStack, startRestartablePostgres, type LocalStack, type RestartablePostgres } from '@loyalty/local-stack';
import { switchableProxy, uniquePrefix, type SwitchableProxy } from '@loyalty/testing';
import { awsClients, provisionTopology, type AwsClients, type ProvisionedTopology } from '@loyalty/topology';
import { ensureDatabase, migrateDatabase } from '../local/database.js';
import type { SystemEnv } from '../local/services.js';
import { startPrivateRedis, type PrivateRedis } from './redis-server.js';

export interface QueueTiming {
  visibilityTimeoutSeconds: number;
  maxReceiveCount: number;
}

/** What the services run on: everything here is the chaos run's own, so it may be stopped and restarted. */
export interface Infrastructure {
  postgres: RestartablePostgres;
  databaseUrl: string;
  redis: PrivateRedis;
  stack: LocalStack;
  /** The relay reaches SNS only through this: down = SNS cut. */
  sns: SwitchableProxy;
  topology: ProvisionedTopology;
  /** Straight to the emulators, never through the proxy (setup, poison, checks). */
  clients: AwsClients;
  system: SystemEnv;
  stop(): Promise<void>;
}

export async function startInfrastructure(dataDir: string, queues: QueueTiming, log: (line: string) => void): Promise<Infrastructure> {
  const postgres = await startRestartablePostgres(join(dataDir, 'postgres'));
  log(`PostgreSQL (private, restartable) at ${postgres.url}`);
  const databaseUrl = await ensureDatabase(postgres.url, 'chaos');
  await migrateDatabase(databaseUrl);
  const redis = await startPrivateRedis();
  log(`Redis (private) at ${redis.url}`);
  const stack = await startLocalStack({ dataDir: join(dataDir, 'aws') });
  const sns = await switchableProxy(stack.endpoints.sns);
  const clients = awsClients(stack.endpoints);
  const topology = await provisionTopology(clients, { prefix: uniquePrefix('chaos'), overrides: { queues } });
  log(`AWS emulators up, SNS behind the switchable proxy ${sns.endpoint}, topology prefix ${topology.prefix}`);
  const { endpoints } = stack;
  const system: SystemEnv = {
    databaseUrl,
    redisUrl: redis.url,
    awsEnv: {
      AWS_ENDPOINT_URL_SNS: sns.endpoint,
      AWS_ENDPOINT_URL_SQS: endpoints.sqs,
      AWS_ENDPOINT_URL_S3: endpoints.s3,
      AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
      AWS_ENDPOINT_URL_SESV2: endpoints.ses,
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: endpoints.cognito,
    },
    provisioned: topology,
  };
  return {
    postgres,
    databaseUrl,
    redis,
    stack,
    sns,
    topology,
    clients,
    system,
    async stop() {
      await sns.close();
      await stack.stop();
      await redis.stop();
      await postgres.stop();
    },
  };
}
