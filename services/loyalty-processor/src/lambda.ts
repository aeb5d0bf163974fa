import { consumerSessionLimits, openDatabase } from '@loyalty/db';
import { createLogger } from '@loyalty/platform';
import { lazyHandler } from '@loyalty/runtime';
import { loadProcessorConfig } from './config.js';
import { transactionsHandler } from './entry-points/transactions-handler.js';

/** AWS Lambda entry point for the transactions queue's event source mapping. */
export const handler = lazyHandler(async (env) => {
  const config = loadProcessorConfig(env);
  const logger = createLogger('loyalty-processor', config.LOG_LEVEL);
  const orm = await openDatabase({ databaseUrl: config.DATABASE_URL, poolMax: 2, sessionLimits: consumerSessionLimits });
  return transactionsHandler(orm, logger);
});
