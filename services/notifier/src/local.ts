import { createLogger, type Logger } from '@loyalty/platform';
import { awsClientsFor, startConsumerProcess, type RunningConsumer } from '@loyalty/runtime';
import type { NotifierConfig } from './config.js';
import { emailHandler } from './entry-points/email-handler.js';

export function startNotifier(config: NotifierConfig, logger: Logger = createLogger('notifier', config.LOG_LEVEL), options: { waitTimeSeconds?: number } = {}): Promise<RunningConsumer> {
  const mailer = { ses: awsClientsFor(config).ses, fromAddress: config.EMAIL_FROM_ADDRESS };
  return startConsumerProcess(config, logger, 'email', (orm) => emailHandler(orm, mailer, logger), options);
}
