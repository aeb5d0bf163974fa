import { createLogger, type Logger } from '@loyalty/platform';
import { startConsumerProcess, type RunningConsumer } from '@loyalty/runtime';
import type { AnalyticsConfig } from './config.js';
import { analyticsHandler } from './entry-points/analytics-handler.js';

/** The analytics processor as one local process: the analytics queue's runner. */
export function startAnalytics(
  config: AnalyticsConfig,
  logger: Logger = createLogger('analytics', config.LOG_LEVEL),
  options: { waitTimeSeconds?: number } = {},
): Promise<RunningConsumer> {
  return startConsumerProcess(config, logger, 'analytics', (orm) => analyticsHandler(orm, logger), options);
}
