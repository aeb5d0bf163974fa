import { createLogger, type Logger } from '@loyalty/platform';
import { startConsumerProcess, type RunningConsumer, withLocalSchedule } from '@loyalty/runtime';
import type { AnalyticsConfig } from './config.js';
import { analyticsHandler } from './entry-points/analytics-handler.js';
import { runInsightsJob } from './entry-points/insights-job.js';

/** The analytics processor as one local process: the analytics queue's runner, and the insights on an interval in place of the schedule. */
export async function startAnalytics(
  config: AnalyticsConfig,
  logger: Logger = createLogger('analytics', config.LOG_LEVEL),
  options: { waitTimeSeconds?: number } = {},
): Promise<RunningConsumer> {
  const consumer = await startConsumerProcess(config, logger, 'analytics', (orm) => analyticsHandler(orm, logger), options);
  return withLocalSchedule(
    consumer,
    { intervalSeconds: config.INSIGHTS_INTERVAL_SECONDS, job: (orm) => runInsightsJob(orm, logger), name: 'insights' },
    logger,
  );
}
