import { AsyncLocalStorage } from 'node:async_hooks';
import { type DestinationStream, pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

export interface LogContext {
  correlationId?: string;
  causationId?: string;
  [key: string]: unknown;
}

const contextStore = new AsyncLocalStorage<LogContext>();

/** Runs fn with fields (correlation id above all) that every log line inside it carries, across awaits. */
export function withLogContext<T>(context: LogContext, fn: () => T): T {
  return contextStore.run({ ...contextStore.getStore(), ...context }, fn);
}

export function currentLogContext(): LogContext {
  return contextStore.getStore() ?? {};
}

/** JSON lines on stdout; `destination` lets a test read exactly what CloudWatch would. */
export function createLogger(name: string, level: LoggerOptions['level'] = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    name,
    level,
    base: { service: name },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => contextStore.getStore() ?? {},
  };
  return destination ? pino(options, destination) : pino(options);
}
