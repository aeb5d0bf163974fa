import { consumerSessionLimits, openDatabase } from '@loyalty/db';
import { createLogger } from '@loyalty/platform';
import { lazyHandler } from '@loyalty/runtime';
import { loadAnalyticsConfig } from './config.js';
import { analyticsHandler } from './entry-points/analytics-handler.js';

/** AWS Lambda entry point for the analytics queue's event source mapping. */
export const handler = lazyHandler(async (env) => {
  const config = loadAnalyticsConfig(env);
  const logger = createLogger('analytics', config.LOG_LEVEL);
  const orm = await openDatabase({ databaseUrl: config.DATABASE_URL, poolMax: 2, sessionLimits: consumerSessionLimits });
  return analyticsHandler(orm, logger);
});
