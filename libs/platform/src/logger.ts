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

type Buffered = ReturnType<typeof pino.destination>;

let stdout: { stream: Buffered; flush: () => void } | undefined;

/**
 * Stdout for a long-running process (an API, the relay): lines are written 4 KiB at a time and at least
 * once a second instead of one write per line, which was a write system call per request, and error
 * lines at once. pino writes what is left when the process exits, a crash included; a SIGKILL or an
 * out-of-memory abort loses at most the last second of info lines, not the error that led there.
 * Not for a Lambda: its environment freezes between invocations with the buffer unwritten.
 */
export function bufferedStdout(): Buffered {
  if (!stdout) {
    const stream = pino.destination({ dest: 1, sync: false, minLength: 4096 });
    let open = true;
    const timer = setInterval(() => open && stream.flush(), 1000).unref();
    stream.once('close', () => {
      open = false;
      clearInterval(timer);
    });
    stdout = { stream, flush: () => open && stream.flush() };
  }
  return stdout.stream;
}

const errorLevel = 50;

function flushingErrors(flush: () => void): NonNullable<LoggerOptions['hooks']>['logMethod'] {
  return function logMethod(args, method, level) {
    method.apply(this, args);
    if (level >= errorLevel) flush();
  };
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
    ...(stdout && destination === stdout.stream ? { hooks: { logMethod: flushingErrors(stdout.flush) } } : {}),
  };
  return destination ? pino(options, destination) : pino(options);
}
