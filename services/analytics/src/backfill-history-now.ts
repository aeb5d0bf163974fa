import { openDatabase } from '@loyalty/db';
import { createLogger } from '@loyalty/platform';
import { awsClientsFor } from '@loyalty/runtime';
import { documentClient } from '@loyalty/tables';
import { destroyClients } from '@loyalty/topology';
import { loadAnalyticsConfig } from './config.js';
import { historyTable } from './data-access/history-table.js';
import { backfillHistory } from './use-cases/backfill-history.js';

// Ops command (`npm run backfill-history -w @loyalty/analytics [-- <businessId>…]`): rewrite the
// transaction-history table from Postgres, for the businesses named or for all. Safe while the writer runs.
const config = loadAnalyticsConfig();
const logger = createLogger('history-backfill', config.LOG_LEVEL === 'silent' ? 'silent' : 'info');
const businessIds = process.argv.slice(2);
const orm = await openDatabase({ databaseUrl: config.DATABASE_URL, poolMax: 2 });
const clients = awsClientsFor(config);
try {
  const result = await backfillHistory(orm.em.fork(), historyTable(documentClient(clients.dynamodb), config.RESOURCE_PREFIX), {
    businessIds: businessIds.length > 0 ? businessIds : undefined,
  });
  logger.info(result, 'history backfilled');
} finally {
  await orm.close();
  destroyClients(clients);
}
