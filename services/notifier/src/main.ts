import { ConfigError, createLogger } from '@loyalty/platform';
import { loadNotifierConfig } from './config.js';
import { startNotifier } from './local.js';

const logger = createLogger('notifier');
try {
  const running = await startNotifier(loadNotifierConfig(), logger);
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await running.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
} catch (error) {
  if (error instanceof ConfigError) console.error(error.message);
  else logger.fatal({ err: error }, 'notifier failed to start');
  process.exit(1);
}
