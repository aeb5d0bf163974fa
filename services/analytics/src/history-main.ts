import { runProcess } from '@loyalty/runtime';
import { loadAnalyticsConfig } from './config.js';
import { backfillLocalHistory, startHistoryWriter } from './history-local.js';

const config = loadAnalyticsConfig();
await runProcess('history-writer', async (logger) => {
  const writer = await startHistoryWriter(config, logger);
  void backfillLocalHistory(config, writer.orm, logger);
  return writer;
});
