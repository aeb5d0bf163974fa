import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Context, Middleware, Next } from 'koa';
import { z } from 'zod';
import { AppError } from './errors.js';
import { withLogContext, type Logger } from './logger.js';

export const CORRELATION_HEADER = 'x-correlation-id';

/** Takes the caller's correlation id (or makes one), echoes it back and puts it on every log line. */
export function correlation(): Middleware {
  return async (ctx: Context, next: Next) => {
    const incoming = ctx.get(CORRELATION_HEADER);
    const correlationId = /^[\w.:-]{1,128}$/.test(incoming) ? incoming : randomUUID();
    ctx.state.correlationId = correlationId;
    ctx.set(CORRELATION_HEADER, correlationId);
    await withLogContext({ correlationId }, next);
  };
}

interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance: string;
  correlationId?: string;
  [key: string]: unknown;
}

/**
 * Every failure leaves as application/problem+json (RFC 9457) with a stable code. Unknown errors are
 * logged with their stack and answered with a bare INTERNAL code: no stack or internals leave the process.
 * A deliberate 5xx (a 503 for something not configured, say) keeps its detail.
 * An AppError with `extra.retryAfterSeconds` (429, 503) also gets its Retry-After header.
 */
export function problemDetails(logger: Logger): Middleware {
  return async (ctx: Context, next: Next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined)
        throw new AppError({ code: 'ROUTE_NOT_FOUND', status: 404, detail: `No route for ${ctx.method} ${ctx.path}` });
    } catch (error) {
      const appError = toAppError(error);
      if (appError.status >= 500) logger.error({ err: error }, 'request failed');
      const problem: Problem = {
        ...appError.extra,
        type: problemType(appError.code),
        title: appError.code,
        status: appError.status,
        code: appError.code,
        detail: appError.code === 'INTERNAL' ? 'Something went wrong on our side. It has been logged.' : appError.message,
        instance: ctx.path,
        correlationId: ctx.state.correlationId as string | undefined,
      };
      ctx.status = appError.status;
      if (typeof appError.extra.retryAfterSeconds === 'number') ctx.set('Retry-After', String(appError.extra.retryAfterSeconds));
      ctx.type = 'application/problem+json';
      ctx.body = problem;
    }
  };
}

const problemType = (code: string) => `https://loyalty.example/problems/${code.toLowerCase().replaceAll('_', '-')}`;

const parserRefusals: Record<string, [status: number, code: string]> = {
  HPE_HEADER_OVERFLOW: [431, 'HEADERS_TOO_LARGE'],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, 'PAYLOAD_TOO_LARGE'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'REQUEST_TIMEOUT'],
};

/**
 * For the server's `clientError` event: a request Node's HTTP parser refuses (a NUL byte in a header or
 * the URL, headers over 16 kB) never reaches Koa, and still gets a problem+json answer rather than
 * Node's bare one. Like Node's own handler, it writes nothing once another answer has started on the socket.
 */
export function refuseUnparsableRequest(error: Error & { code?: string }, socket: Duplex): void {
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, code] = parserRefusals[error.code ?? ''] ?? [400, 'MALFORMED_REQUEST'];
  const body = JSON.stringify({ type: problemType(code), title: code, status, code, detail: 'The request is not valid HTTP/1.1' });
  socket.end(
    [
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
      'Content-Type: application/problem+json',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Cache-Control: no-store',
      'X-Content-Type-Options: nosniff',
      'Connection: close',
      '',
      body,
    ].join('\r\n'),
  );
}

// 53300 too_many_connections, 57P01-57P03 shutting down or starting up, 08xxx connection failures, and the socket's own errors.
const databaseUnavailable = new Set(['53300', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', 'ECONNREFUSED', 'ECONNRESET']);
// What pg throws, with no code, when the server vanished under a query (a crash, an immediate shutdown) or a connection did not come in time.
const connectionLost = /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/;

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof z.ZodError) return validationError(error);
  const status = (error as { status?: unknown; expose?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500 && (error as { expose?: unknown }).expose) {
    return new AppError({ code: 'BAD_REQUEST', status, detail: (error as Error).message });
  }
  // SQLSTATE 23505: two requests created the same thing at once and the database kept one of them.
  if ((error as { code?: unknown }).code === '23505') {
    return AppError.conflict('CONFLICT', 'This was just created by another request: read it, or retry');
  }
  const code = String((error as { code?: unknown }).code);
  // 55P03 lock_not_available (the session's lock_timeout ran out), 40P01 deadlock: another writer holds what this one needs.
  if (['55P03', '40P01'].includes(code)) {
    return new AppError({
      code: 'BUSY',
      status: 503,
      detail: 'Another change to the same data is in progress: retry shortly',
      extra: { retryAfterSeconds: 1 },
      cause: error,
    });
  }
  // The database is out of connections, restarting or unreachable, or the connection died mid-request: a
  // POS write retried with its posTransactionId settles whichever it was.
  if (databaseUnavailable.has(code) || (error instanceof Error && connectionLost.test(error.message))) {
    return new AppError({
      code: 'DATABASE_UNAVAILABLE',
      status: 503,
      detail: 'The database is not reachable just now: retry shortly',
      extra: { retryAfterSeconds: 2 },
      cause: error,
    });
  }
  return new AppError({ code: 'INTERNAL', status: 500, cause: error });
}

function validationError(error: z.ZodError): AppError {
  return invalidInput(error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })));
}

export function invalidInput(errors: { path: string; message: string }[]): AppError {
  return new AppError({ code: 'VALIDATION_FAILED', status: 400, detail: 'The request is not valid', extra: { errors } });
}

/** Parses untrusted input (body, query, params) and turns a mismatch into a 400 VALIDATION_FAILED. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error);
  return result.data;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads and JSON-parses the request body with a size limit, without a body-parser dependency. A body
 * over the limit is still read to its end and dropped, up to `drainLimitBytes`, so a keep-alive client's
 * next request on the same connection works; past that the 413 says `Connection: close`.
 */
export function jsonBody(limitBytes = 100_000, drainLimitBytes = 1_000_000, formBodyPaths?: RegExp): Middleware {
  return async (ctx: Context, next: Next) => {
    if (!['POST', 'PUT', 'PATCH'].includes(ctx.method)) return next();
    const raw = await readBody(ctx, limitBytes, drainLimitBytes);
    if (raw.length === 0) {
      ctx.state.body = {};
      return next();
    }
    if (formBodyPaths?.test(ctx.path) && ctx.is('application/x-www-form-urlencoded')) {
      ctx.state.body = Object.fromEntries(new URLSearchParams(utf8.decode(raw)));
      return next();
    }
    if (!ctx.is('application/json')) throw new AppError({ code: 'UNSUPPORTED_MEDIA_TYPE', status: 415, detail: 'Send application/json' });
    try {
      ctx.state.body = JSON.parse(utf8.decode(raw)) as unknown;
    } catch {
      throw AppError.badRequest('MALFORMED_JSON', 'The body is not valid JSON in UTF-8');
    }
    return next();
  };
}

/** Never destroys the request: that closes the socket under a keep-alive client, whose next request then fails. */
function readBody(ctx: Context, limitBytes: number, drainLimitBytes: number): Promise<Buffer> {
  if (Number(ctx.get('content-length')) > drainLimitBytes) return Promise.reject(tooLarge(ctx, limitBytes, { closing: true }));
  return new Promise((resolve, reject) => {
    const request = ctx.req;
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (outcome: () => void) => {
      request.off('data', onData).off('end', onEnd).off('error', onError);
      outcome();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) chunks.push(chunk);
      else if (size > drainLimitBytes) {
        request.pause();
        settle(() => reject(tooLarge(ctx, limitBytes, { closing: true })));
      }
    };
    const onEnd = () => settle(() => (size > limitBytes ? reject(tooLarge(ctx, limitBytes, { closing: false })) : resolve(Buffer.concat(chunks))));
    const onError = (error: Error) => settle(() => reject(error));
    request.on('data', onData).once('end', onEnd).once('error', onError);
  });
}

function tooLarge(ctx: Context, limitBytes: number, { closing }: { closing: boolean }): AppError {
  if (closing) ctx.set('Connection', 'close');
  return new AppError({ code: 'PAYLOAD_TOO_LARGE', status: 413, detail: `Body exceeds ${limitBytes} bytes` });
}

export function requestLog(logger: Logger): Middleware {
  return async (ctx: Context, next: Next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      logger.info({ method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(performance.now() - started) }, 'request');
    }
  };
}
