import { openDatabase, type MikroORM } from '@loyalty/db';
import { createLogger } from '@loyalty/platform';
import { loadProcessorConfig } from './config.js';
import { runExpiryJob } from './entry-points/expiry-job.js';

let ready: Promise<MikroORM> | undefined;

/** AWS Lambda entry point for the EventBridge expiry schedule. */
export async function handler(): Promise<void> {
  const config = loadProcessorConfig();
  const logger = createLogger('loyalty-expiry', config.LOG_LEVEL);
  ready ??= openDatabase({ databaseUrl: config.DATABASE_URL, poolMax: 2 }).catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  await runExpiryJob(await ready, logger);
}
