import { createLogger, type Logger } from '@loyalty/platform';
import { COGNITO_SENDER_FUNCTION } from '@loyalty/topology';
import { startConsumerProcess, startLambdaInvokeServer, type LambdaInvokeServer, type RunningConsumer } from '@loyalty/runtime';
import { cognitoSenderHandler } from './cognito-lambda.js';
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

/**
 * The CustomEmailSender Lambda's own handler behind a local Lambda Invoke API, for cognito-local.
 * `env` is what the function would get as its environment (COGNITO_CODE_KEY_ARN, the SES and KMS endpoints).
 */
export function startCognitoSenderLocally(port: number, env: NodeJS.ProcessEnv, logger: Logger): Promise<LambdaInvokeServer> {
  return startLambdaInvokeServer(port, { [COGNITO_SENDER_FUNCTION]: cognitoSenderHandler({ env }) }, logger);
}
