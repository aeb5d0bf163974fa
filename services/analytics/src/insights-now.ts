import { openDatabase } from '@loyalty/db';
import { createLogger } from '@loyalty/platform';
import { loadAnalyticsConfig } from './config.js';
import { runInsightsJob } from './entry-points/insights-job.js';

// Ops command (`npm run insights -w @loyalty/analytics`): one insights run now, the same one the schedule makes.
const config = loadAnalyticsConfig();
const orm = await openDatabase({ databaseUrl: config.DATABASE_URL, poolMax: 2 });
try {
  await runInsightsJob(orm, createLogger('analytics-insights', config.LOG_LEVEL === 'silent' ? 'silent' : 'info'));
} finally {
  await orm.close();
}
