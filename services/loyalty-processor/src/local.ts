import { createLogger, type Logger } from '@loyalty/platform';
import { startConsumerProcess, type RunningConsumer } from '@loyalty/runtime';
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
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = runExpiryJob(consumer.orm, logger).catch((error: unknown) => logger.error({ err: error }, 'expiry run failed'));
  }, config.EXPIRY_INTERVAL_SECONDS * 1000);
  return {
    orm: consumer.orm,
    async stop() {
      clearInterval(timer);
      await running;
      await consumer.stop();
    },
  };
}
