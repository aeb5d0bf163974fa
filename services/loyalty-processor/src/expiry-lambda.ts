import { consumerSessionLimits, openDatabase } from '@loyalty/db';
import { createLogger } from '@loyalty/platform';
import { lazyHandler } from '@loyalty/runtime';
import { loadProcessorConfig } from './config.js';
import { runExpiryJob } from './entry-points/expiry-job.js';

/** AWS Lambda entry point for the EventBridge expiry schedule. */
export const handler = lazyHandler(async (env) => {
  const config = loadProcessorConfig(env);
  const logger = createLogger('loyalty-expiry', config.LOG_LEVEL);
  const orm = await openDatabase({ databaseUrl: config.DATABASE_URL, poolMax: 2, sessionLimits: consumerSessionLimits });
  return () => runExpiryJob(orm, logger);
});
