import { createLogger, type Logger } from '@loyalty/platform';
import { startConsumerProcess, type RunningConsumer, withLocalSchedule } from '@loyalty/runtime';
import type { ProcessorConfig } from './config.js';
import { runExpiryJob } from './entry-points/expiry-job.js';
import { transactionsHandler } from './entry-points/transactions-handler.js';

/** The processor as one local process: the transactions queue's runner, and expiry on an interval in place of the schedule. */
export async function startLoyaltyProcessor(
  config: ProcessorConfig,
  logger: Logger = createLogger('loyalty-processor', config.LOG_LEVEL),
  options: { waitTimeSeconds?: number } = {},
): Promise<RunningConsumer> {
  const consumer = await startConsumerProcess(config, logger, 'transactions', (orm) => transactionsHandler(orm, logger), options);
  return withLocalSchedule(consumer, { intervalSeconds: config.EXPIRY_INTERVAL_SECONDS, job: (orm) => runExpiryJob(orm, logger), name: 'expiry' }, logger);
}
