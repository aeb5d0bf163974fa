import { createLogger, ConfigError } from '@loyalty/platform';
import { loadAdminConfig } from './config.js';
import { startAdminServer } from './server.js';

const logger = createLogger('admin-api');
try {
  const server = await startAdminServer(loadAdminConfig(), logger);
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
} catch (error) {
  if (error instanceof ConfigError) console.error(error.message);
  else logger.fatal({ err: error }, 'admin API failed to start');
  process.exit(1);
}
