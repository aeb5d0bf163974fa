import { runProcess } from '@loyalty/runtime';
import { loadAnalyticsConfig } from './config.js';
import { startAnalytics } from './local.js';

await runProcess('analytics', (logger) => startAnalytics(loadAnalyticsConfig(), logger));
