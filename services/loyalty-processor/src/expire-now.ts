import { openDatabase } from '@loyalty/db';
import { createLogger } from '@loyalty/platform';
import { loadProcessorConfig } from './config.js';
import { runExpiryJob } from './entry-points/expiry-job.js';

// Ops command (`npm run expire -w @loyalty/loyalty-processor`): one expiry run now, the same one the schedule makes.
const config = loadProcessorConfig();
const orm = await openDatabase({ databaseUrl: config.DATABASE_URL, poolMax: 2 });
try {
  await runExpiryJob(orm, createLogger('loyalty-expiry', config.LOG_LEVEL === 'silent' ? 'silent' : 'info'));
} finally {
  await orm.close();
}
