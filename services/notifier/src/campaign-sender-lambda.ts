import { SESv2Client } from '@aws-sdk/client-sesv2';
import { consumerSessionLimits, openDatabase } from '@loyalty/db';
import { createLogger } from '@loyalty/platform';
import { awsClientConfigFor, lazyHandler } from '@loyalty/runtime';
import { loadCampaignSenderConfig } from './config.js';
import { campaignSenderRun } from './entry-points/campaign-sender.js';

/** Stops claiming this long before the function's timeout, so the batch in hand is sent and recorded. */
const SAFETY_MARGIN_MS = 15_000;

/** AWS Lambda entry point for the campaign sender's schedule (one run at a time: reserved concurrency 1). */
export const handler = lazyHandler(async (env) => {
  const config = loadCampaignSenderConfig(env);
  const logger = createLogger('campaign-sender', config.LOG_LEVEL);
  const orm = await openDatabase({ databaseUrl: config.DATABASE_URL, poolMax: 2, sessionLimits: consumerSessionLimits });
  const run = campaignSenderRun(orm, { ses: new SESv2Client(awsClientConfigFor(config, 'ses')), fromAddress: config.EMAIL_FROM_ADDRESS }, config, logger);
  return async (_event: unknown, context: { getRemainingTimeInMillis(): number }) => {
    await run(context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS);
  };
});
