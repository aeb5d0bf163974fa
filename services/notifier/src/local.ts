import { SESv2Client } from '@aws-sdk/client-sesv2';
import { openDatabase } from '@loyalty/db';
import { createLogger, type Logger } from '@loyalty/platform';
import { COGNITO_SENDER_FUNCTION } from '@loyalty/topology';
import { awsClientConfigFor, startConsumerProcess, startLambdaInvokeServer, type LambdaInvokeServer, type RunningConsumer } from '@loyalty/runtime';
import { cognitoSenderHandler } from './cognito-lambda.js';
import type { CampaignSenderConfig, NotifierConfig } from './config.js';
import { campaignSenderRun } from './entry-points/campaign-sender.js';
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

/** The campaign sender as the schedule runs it on AWS, never two runs at once: the next at once while there is mail to send, else after CAMPAIGN_POLL_SECONDS. */
export async function startCampaignSender(config: CampaignSenderConfig, logger: Logger): Promise<RunningConsumer> {
  const orm = await openDatabase({ databaseUrl: config.DATABASE_URL, poolMax: 2 });
  const ses = new SESv2Client(awsClientConfigFor(config, 'ses'));
  const run = campaignSenderRun(orm, { ses, fromAddress: config.EMAIL_FROM_ADDRESS }, config, logger);
  const budgetMs = config.CAMPAIGN_POLL_SECONDS * 1000;
  let stopping = false;
  let running: Promise<void> = Promise.resolve();
  const tick = (): void => {
    running = run(budgetMs)
      .then(({ sent, failed, skipped }) => sent + failed + skipped > 0)
      .catch((error: unknown) => {
        logger.error({ err: error }, 'campaign sender run failed');
        return false;
      })
      .then((busy) => {
        if (!stopping) timer = setTimeout(tick, busy ? 0 : budgetMs);
      });
  };
  let timer = setTimeout(tick, 0);
  return {
    orm,
    async stop() {
      stopping = true;
      clearTimeout(timer);
      await running;
      await orm.close();
      ses.destroy();
    },
  };
}
