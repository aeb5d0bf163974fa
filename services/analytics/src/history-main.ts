import { runProcess } from '@loyalty/runtime';
import { loadAnalyticsConfig } from './config.js';
import { startHistoryWriter } from './history-local.js';

await runProcess('history-writer', (logger) => startHistoryWriter(loadAnalyticsConfig(), logger));
