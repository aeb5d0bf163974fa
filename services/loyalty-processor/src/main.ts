import { ConfigError, createLogger } from '@loyalty/platform';
import { loadProcessorConfig } from './config.js';
import { startLoyaltyProcessor } from './local.js';

const logger = createLogger('loyalty-processor');
try {
  const running = await startLoyaltyProcessor(loadProcessorConfig(), logger);
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await running.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
} catch (error) {
  if (error instanceof ConfigError) console.error(error.message);
  else logger.fatal({ err: error }, 'loyalty processor failed to start');
  process.exit(1);
}
