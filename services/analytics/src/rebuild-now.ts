import { openDatabase } from '@loyalty/db';
import { createLogger } from '@loyalty/platform';
import { loadAnalyticsConfig } from './config.js';
import { rebuildAggregates } from './use-cases/rebuild-aggregates.js';

// Ops command (`npm run rebuild -w @loyalty/analytics [-- <businessId>…]`): recompute the aggregates
// from the source tables, for the businesses named or for all. Safe while the processor runs.
const config = loadAnalyticsConfig();
const logger = createLogger('analytics-rebuild', config.LOG_LEVEL === 'silent' ? 'silent' : 'info');
const businessIds = process.argv.slice(2);
const orm = await openDatabase({ databaseUrl: config.DATABASE_URL, poolMax: 2 });
try {
  const result = await rebuildAggregates(orm.em.fork(), businessIds.length > 0 ? businessIds : undefined);
  logger.info(result, 'aggregates rebuilt');
} finally {
  await orm.close();
}
