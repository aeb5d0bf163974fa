import { createLogger, ConfigError } from '@loyalty/platform';
import { loadCustomerConfig } from './config.js';
import { startCustomerServer } from './server.js';

const logger = createLogger('customer-api');
try {
  const server = await startCustomerServer(loadCustomerConfig(), logger);
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
} catch (error) {
  if (error instanceof ConfigError) console.error(error.message);
  else logger.fatal({ err: error }, 'customer API failed to start');
  process.exit(1);
}
