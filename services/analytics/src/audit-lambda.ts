import { createLogger } from '@loyalty/platform';
import { awsClientConfigFor, lazyHandler } from '@loyalty/runtime';
import { createDocumentClient, tableName } from '@loyalty/tables';
import { loadAuditWriterConfig } from './config.js';
import { auditHandler } from './entry-points/audit-handler.js';

/** AWS Lambda entry point for the audit queue's event source mapping. No database, only the DynamoDB client. */
export const handler = lazyHandler(async (env) => {
  const config = loadAuditWriterConfig(env);
  const logger = createLogger('audit-writer', config.LOG_LEVEL);
  const table = { client: createDocumentClient(awsClientConfigFor(config, 'dynamodb')), name: tableName(config.RESOURCE_PREFIX, 'audit') };
  return auditHandler(config, table, logger);
});
