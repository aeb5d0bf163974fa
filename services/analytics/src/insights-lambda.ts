import { consumerSessionLimits, openDatabase } from '@loyalty/db';
import { createLogger } from '@loyalty/platform';
import { lazyHandler } from '@loyalty/runtime';
import { loadAnalyticsConfig } from './config.js';
import { runInsightsJob } from './entry-points/insights-job.js';

/** AWS Lambda entry point for the EventBridge insights schedule. */
export const handler = lazyHandler(async (env) => {
  const config = loadAnalyticsConfig(env);
  const logger = createLogger('analytics-insights', config.LOG_LEVEL);
  const orm = await openDatabase({ databaseUrl: config.DATABASE_URL, poolMax: 2, sessionLimits: consumerSessionLimits });
  return () => runInsightsJob(orm, logger);
});
