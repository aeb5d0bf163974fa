import { SESv2Client } from '@aws-sdk/client-sesv2';
import { consumerSessionLimits, openDatabase } from '@loyalty/db';
import { createLogger } from '@loyalty/platform';
import { awsClientConfigFor, lazyHandler } from '@loyalty/runtime';
import { loadNotifierConfig } from './config.js';
import { emailHandler } from './entry-points/email-handler.js';

/** AWS Lambda entry point for the email queue's event source mapping. Only the SES client: each SDK client costs cold-start time. */
export const handler = lazyHandler(async (env) => {
  const config = loadNotifierConfig(env);
  const logger = createLogger('notifier', config.LOG_LEVEL);
  const orm = await openDatabase({ databaseUrl: config.DATABASE_URL, poolMax: 2, sessionLimits: consumerSessionLimits });
  return emailHandler(orm, { ses: new SESv2Client(awsClientConfigFor(config, 'ses')), fromAddress: config.EMAIL_FROM_ADDRESS }, logger);
});
