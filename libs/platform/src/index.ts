export { AppError, type AppErrorOptions } from './errors.js';
export { loadConfig, baseEnv, databaseEnv, ConfigError, type BaseConfig } from './config.js';
export { bufferedStdout, createLogger, withLogContext, currentLogContext, type Logger, type LogContext } from './logger.js';
export { pageQuery, pageOf, encodeCursor, decodeCursor, toPage, type Page } from './pagination.js';
