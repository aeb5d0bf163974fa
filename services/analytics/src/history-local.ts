import { createLogger, type Logger } from '@loyalty/platform';
import { startConsumerProcess, type RunningConsumer } from '@loyalty/runtime';
import { documentClient } from '@loyalty/tables';
import type { AnalyticsConfig } from './config.js';
import { historyTable } from './data-access/history-table.js';
import { historyHandler } from './entry-points/history-handler.js';

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
