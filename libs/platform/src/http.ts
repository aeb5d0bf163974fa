import { randomUUID } from 'node:crypto';
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
        type: `https://loyalty.example/problems/${appError.code.toLowerCase().replaceAll('_', '-')}`,
        title: appError.code,
        status: appError.status,
        code: appError.code,
        detail: appError.status >= 500 ? 'Something went wrong on our side. It has been logged.' : appError.message,
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

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof z.ZodError) return validationError(error);
  const status = (error as { status?: unknown; expose?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500 && (error as { expose?: unknown }).expose) {
    return new AppError({ code: 'BAD_REQUEST', status, detail: (error as Error).message });
  }
  return new AppError({ code: 'INTERNAL', status: 500, cause: error });
}

function validationError(error: z.ZodError): AppError {
  const errors = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  return new AppError({ code: 'VALIDATION_FAILED', status: 400, detail: 'The request is not valid', extra: { errors } });
}

/** Parses untrusted input (body, query, params) and turns a mismatch into a 400 VALIDATION_FAILED. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error);
  return result.data;
}

/** Reads and JSON-parses the request body with a size limit, without a body-parser dependency. */
export function jsonBody(limitBytes = 100_000): Middleware {
  return async (ctx: Context, next: Next) => {
    if (!['POST', 'PUT', 'PATCH'].includes(ctx.method)) return next();
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of ctx.req) {
      size += (chunk as Buffer).length;
      if (size > limitBytes) throw new AppError({ code: 'PAYLOAD_TOO_LARGE', status: 413, detail: `Body exceeds ${limitBytes} bytes` });
      chunks.push(chunk as Buffer);
    }
    const raw = Buffer.concat(chunks).toString('utf8');
    if (raw.length === 0) {
      ctx.state.body = {};
      return next();
    }
    if (!ctx.is('application/json')) throw new AppError({ code: 'UNSUPPORTED_MEDIA_TYPE', status: 415, detail: 'Send application/json' });
    try {
      ctx.state.body = JSON.parse(raw) as unknown;
    } catch {
      throw AppError.badRequest('MALFORMED_JSON', 'The body is not valid JSON');
    }
    return next();
  };
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
