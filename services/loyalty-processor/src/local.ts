import { createLogger, type Logger } from '@loyalty/platform';
import { startConsumerProcess, type RunningConsumer } from '@loyalty/runtime';
import type { ProcessorConfig } from './config.js';
import { transactionsHandler } from './entry-points/transactions-handler.js';

export function startLoyaltyProcessor(config: ProcessorConfig, logger: Logger = createLogger('loyalty-processor', config.LOG_LEVEL), options: { waitTimeSeconds?: number } = {}): Promise<RunningConsumer> {
  return startConsumerProcess(config, logger, 'transactions', (orm) => transactionsHandler(orm, logger), options);
}
