import type { Server } from 'node:http';
import type Koa from 'koa';
import { migrate, openDatabase, type MikroORM } from '@loyalty/db';
import { createRelay, type Relay, type RelayOptions } from '@loyalty/outbox';
import type { GuardConfig } from '@loyalty/guard';
import type { BaseConfig, Logger } from '@loyalty/platform';
import { refuseUnparsableRequest, type CheckStatus, type HealthChecks } from '@loyalty/platform/http';
import { destroyClients, topicArn, type AwsClients } from '@loyalty/topology';
import { createApiGuards, type ApiGuards } from './api-guards.js';
import { awsClientsFor } from './aws-clients-for.js';

export interface ApiProcessConfig extends BaseConfig, GuardConfig {
  DATABASE_URL: string;
  PORT: number;
}

export interface ApiParts extends ApiGuards {
  orm: MikroORM;
  relay: Relay;
  health: HealthChecks;
  /** The process's AWS clients; stopped with it. */
  aws: AwsClients;
}

export interface RunningApi {
  url: string;
  orm: MikroORM;
  relay: Relay;
  stop(): Promise<void>;
}

/**
 * What both APIs do around their routes: open and migrate the database, run an outbox relay beside
 * the HTTP server (any number of copies is safe), connect Redis for rate limits, the token denylist
 * and the principal cache without waiting for it, listen on loopback unless told otherwise, and stop
 * in the reverse order so in-flight requests finish and their events still leave.
 */
export async function startApiProcess(
  config: ApiProcessConfig,
  logger: Logger,
  buildApp: (parts: ApiParts) => Promise<{ app: Koa; onStop?: () => Promise<void> }>,
  options: { host?: string; relay?: RelayOptions; service?: string } = {},
): Promise<RunningApi> {
  const orm = await openDatabase({ databaseUrl: config.DATABASE_URL });
  const applied = await migrate(orm);
  if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');

  const clients = awsClientsFor(config);
  const scope = { region: config.AWS_REGION, accountId: config.AWS_ACCOUNT_ID, prefix: config.RESOURCE_PREFIX };
  const relay = createRelay({
    databaseUrl: config.DATABASE_URL,
    sns: clients.sns,
    topicArn: (topic) => topicArn(scope, topic),
    logger,
    options: options.relay,
  });
  relay.start();

  const guards = createApiGuards(config, options.service ?? 'api', orm, logger);
  const health: HealthChecks = {
    database: async (): Promise<CheckStatus> => ((await orm.isConnected()) ? 'ok' : 'down'),
    eventPublishing: async (): Promise<CheckStatus> => (relay.breakerState() === 'closed' ? 'ok' : 'degraded'),
    redis: async (): Promise<CheckStatus> => guards.redis.status(),
  };
  const { app, onStop } = await buildApp({ orm, relay, health, aws: clients, ...guards });
  const server = await listen(app, config.PORT, options.host ?? '127.0.0.1');
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : config.PORT}`;
  logger.info({ url }, 'listening');

  return {
    url,
    orm,
    relay,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await onStop?.();
      await guards.redis.close();
      await relay.stop();
      await orm.close();
      destroyClients(clients);
    },
  };
}

function listen(app: Koa, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.on('clientError', refuseUnparsableRequest);
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}
