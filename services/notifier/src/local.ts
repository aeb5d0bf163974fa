import { createLogger, type Logger } from '@loyalty/platform';
import { startConsumerProcess, type RunningConsumer } from '@loyalty/runtime';
import type { NotifierConfig } from './config.js';
import { emailHandler } from './entry-points/email-handler.js';

export function startNotifier(
  config: NotifierConfig,
  logger: Logger = createLogger('notifier', config.LOG_LEVEL),
  options: { waitTimeSeconds?: number } = {},
): Promise<RunningConsumer> {
  return startConsumerProcess(
    config,
    logger,
    'email',
    (orm, aws) => emailHandler(orm, { ses: aws.ses, fromAddress: config.EMAIL_FROM_ADDRESS }, logger),
    options,
  );
}
