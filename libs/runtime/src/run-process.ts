import { bufferedStdout, ConfigError, createLogger, type Logger } from '@loyalty/platform';

/**
 * A service's `main`: start it, stop it cleanly on SIGINT/SIGTERM, and refuse to start with a bad
 * environment by printing the config error alone (it already names every offending variable).
 */
export async function runProcess(name: string, start: (logger: Logger) => Promise<{ stop(): Promise<void> }>): Promise<void> {
  const logger = createLogger(name, undefined, bufferedStdout());
  try {
    const running = await start(logger);
    const shutdown = async (signal: string) => {
      logger.info({ signal }, 'shutting down');
      try {
        await running.stop();
        process.exit(0);
      } catch (error) {
        logger.error({ err: error }, 'clean shutdown failed');
        process.exit(1);
      }
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
  } catch (error) {
    if (error instanceof ConfigError) console.error(`${name}: ${error.message}`);
    else logger.fatal({ err: error }, `${name} failed to start`);
    process.exit(1);
  }
}
