import type { MikroORM } from '@loyalty/db';
import { createLogger, type Logger } from '@loyalty/platform';
import { awsClientsFor, startConsumerProcess, type RunningConsumer } from '@loyalty/runtime';
import { documentClient } from '@loyalty/tables';
import { destroyClients } from '@loyalty/topology';
import type { AnalyticsConfig } from './config.js';
import { historyTable } from './data-access/history-table.js';
import { historyHandler } from './entry-points/history-handler.js';
import { backfillHistory } from './use-cases/backfill-history.js';

/** The history writer as a local process: the history queue's runner in place of its event source mapping. */
export function startHistoryWriter(
  config: AnalyticsConfig,
  logger: Logger = createLogger('history-writer', config.LOG_LEVEL),
  options: { waitTimeSeconds?: number } = {},
): Promise<RunningConsumer> {
  return startConsumerProcess(
    config,
    logger,
    'history',
    (orm, aws) => historyHandler(orm, historyTable(documentClient(aws.dynamodb), config.RESOURCE_PREFIX), logger),
    options,
  );
}

/**
 * dynalite keeps the table in memory while the local Postgres keeps its data, so under `npm start`
 * the table begins empty: the writer refills it from Postgres once, beside the queue runner.
 */
export async function backfillLocalHistory(config: AnalyticsConfig, orm: MikroORM, logger: Logger): Promise<void> {
  const clients = awsClientsFor(config);
  try {
    const result = await backfillHistory(orm.em.fork(), historyTable(documentClient(clients.dynamodb), config.RESOURCE_PREFIX));
    logger.info(result, 'history table backfilled from Postgres');
  } catch (error) {
    logger.error({ err: error }, 'history backfill failed; run npm run backfill-history -w @loyalty/analytics');
  } finally {
    destroyClients(clients);
  }
}
