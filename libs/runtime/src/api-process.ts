import type Koa from 'koa';
import { migrate, openDatabase, type MikroORM } from '@loyalty/db';
import type { GuardConfig } from '@loyalty/guard';
import type { BaseConfig, Logger } from '@loyalty/platform';
import type { CheckStatus, HealthChecks } from '@loyalty/platform/http';
import { createApiGuards, type ApiGuards } from './api-guards.js';
import { apiAwsClientsFor, type ApiAwsClients } from './aws-clients-for.js';
import { listen } from './listen.js';

export interface ApiProcessConfig extends BaseConfig, GuardConfig {
  DATABASE_URL: string;
  PORT: number;
}

export interface ApiParts extends ApiGuards {
  orm: MikroORM;
  health: HealthChecks;
  /** The process's AWS clients; stopped with it. */
  aws: ApiAwsClients;
}

export interface RunningApi {
  url: string;
  orm: MikroORM;
  stop(): Promise<void>;
}

/**
 * What both APIs do around their routes: open and migrate the database, connect Redis for rate
 * limits, the token denylist and the principal cache without waiting for it, listen on loopback
 * unless told otherwise, and stop in the reverse order so in-flight requests finish and commit.
 * Their events leave through the outbox relay, a process of its own (services/outbox-relay).
 */
export async function startApiProcess(
  config: ApiProcessConfig,
  logger: Logger,
  buildApp: (parts: ApiParts) => Promise<{ app: Koa; onStop?: () => Promise<void> }>,
  options: { host?: string; service?: string } = {},
): Promise<RunningApi> {
  const orm = await openDatabase({ databaseUrl: config.DATABASE_URL });
  const applied = await migrate(orm);
  if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');

  const clients = apiAwsClientsFor(config);
  const guards = createApiGuards(config, options.service ?? 'api', orm, logger);
  const health: HealthChecks = {
    database: async (): Promise<CheckStatus> => ((await orm.isConnected()) ? 'ok' : 'down'),
    redis: async (): Promise<CheckStatus> => guards.redis.status(),
  };
  const { app, onStop } = await buildApp({ orm, health, aws: clients, ...guards });
  const server = await listen(app, config.PORT, options.host ?? '127.0.0.1');
  logger.info({ url: server.url }, 'listening');

  return {
    url: server.url,
    orm,
    async stop() {
      await server.close();
      await onStop?.();
      await guards.redis.close();
      await orm.close();
      for (const client of Object.values(clients)) client.destroy();
    },
  };
}
