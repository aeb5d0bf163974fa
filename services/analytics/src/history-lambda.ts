import { consumerSessionLimits, openDatabase } from '@loyalty/db';
import { createLogger } from '@loyalty/platform';
import { createDocumentClient } from '@loyalty/tables';
import { awsClientConfigFor, lazyHandler } from '@loyalty/runtime';
import { loadAnalyticsConfig } from './config.js';
import { historyTable } from './data-access/history-table.js';
import { historyHandler } from './entry-points/history-handler.js';

/** AWS Lambda entry point for the history queue's event source mapping. Only the DynamoDB client. */
export const handler = lazyHandler(async (env) => {
  const config = loadAnalyticsConfig(env);
  const logger = createLogger('history-writer', config.LOG_LEVEL);
  const orm = await openDatabase({ databaseUrl: config.DATABASE_URL, poolMax: 2, sessionLimits: consumerSessionLimits });
  return historyHandler(orm, historyTable(createDocumentClient(awsClientConfigFor(config, 'dynamodb')), config.RESOURCE_PREFIX), logger);
});
