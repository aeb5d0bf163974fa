import { createRelay, createRelayPool, type DrainResult, type RelayOptions } from '@loyalty/outbox';
import { createLogger, type Logger } from '@loyalty/platform';
import { createHealthApp, type CheckStatus, type HealthChecks } from '@loyalty/platform/http';
import { awsClientsFor } from '@loyalty/runtime';
import { listen } from '@loyalty/runtime/api';
import { destroyClients, topicArn } from '@loyalty/topology';
import type { RelayConfig } from './config.js';

export interface RunningRelay {
  /** The health listener: GET /healthz (alive), /readyz (database and SNS breaker). */
  url: string;
  /** One claim-publish-mark round now, besides the relay's own wake-ups. */
  drainOnce(): Promise<DrainResult>;
  stop(): Promise<void>;
}

/**
 * The outbox relay as a process of its own: it publishes what every writer commits (the APIs and the
 * processors alike), so no event waits for some other process to be running. Any number of copies are
 * safe (SKIP LOCKED). LISTEN/NOTIFY wakes it at each commit; a poll catches the rest. Its readiness is
 * its own: the database answers, and the breaker says whether SNS does (degraded while it is open:
 * rows wait, nothing is lost). The APIs' readiness does not depend on it.
 */
export async function startOutboxRelay(
  config: RelayConfig,
  logger: Logger = createLogger('outbox-relay', config.LOG_LEVEL),
  options: { host?: string; relay?: RelayOptions } = {},
): Promise<RunningRelay> {
  const pool = createRelayPool(config.DATABASE_URL, options.relay?.pipelineDepth);
  pool.on('error', (error) => logger.warn({ err: error }, 'idle outbox relay connection failed'));
  const clients = awsClientsFor(config);
  const scope = { region: config.AWS_REGION, accountId: config.AWS_ACCOUNT_ID, prefix: config.RESOURCE_PREFIX };
  const relay = createRelay({ pool, sns: clients.sns, topicArn: (topic) => topicArn(scope, topic), logger, options: options.relay });
  relay.start();

  const health: HealthChecks = {
    database: async (): Promise<CheckStatus> => {
      await pool.query('select 1');
      return 'ok';
    },
    eventPublishing: async (): Promise<CheckStatus> => (relay.breakerState() === 'closed' ? 'ok' : 'degraded'),
  };
  const server = await listen(createHealthApp(logger, health), config.PORT, options.host ?? config.LISTEN_HOST);
  logger.info({ health: server.url }, 'relaying the outbox');

  return {
    url: server.url,
    drainOnce: () => relay.drainOnce(),
    async stop() {
      await server.close();
      await relay.stop();
      await pool.end();
      destroyClients(clients);
    },
  };
}
