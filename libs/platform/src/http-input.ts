import type { Context, Middleware, Next } from 'koa';
import { invalidInput } from './http.js';

/** Deeper than any request body we define; refused before anything walks it recursively. */
const MAX_JSON_DEPTH = 32;

// NUL cannot be stored by PostgreSQL (22021). A lone surrogate (`\p{Cs}` matches only unpaired ones under /u) is not Unicode text.
const unsafeCharacter = /[\0\p{Cs}]/u;
// Assigning a `__proto__` key sets a prototype; `constructor`/`prototype` are the same attack through merge-style code.
const unsafeKeys = new Set(['__proto__', 'constructor', 'prototype']);

interface Refusal {
  path: string;
  message: string;
}

/**
 * The one seam every request passes before any guard, rate limit, route or query reads it: the path
 * (what path parameters are decoded from), the query, the headers and the parsed JSON body. It
 * refuses, with 400 VALIDATION_FAILED, what no schema should have to think about: NUL characters and
 * lone surrogates in any string or key, prototype-setting keys, numbers beyond ±2^53 (already rounded
 * by JSON.parse) and nesting deeper than MAX_JSON_DEPTH. Everything else is the endpoint's schemas' job.
 */
export function refuseHostileInput(): Middleware {
  return async (ctx: Context, next: Next) => {
    const refusal =
      pathRefusal(ctx.path) ??
      firstRefusal(ctx.query, 'query') ??
      headerRefusal(ctx.headers) ??
      (ctx.state.body === undefined ? undefined : firstRefusal(ctx.state.body, 'body'));
    if (refusal) throw invalidInput([refusal]);
    await next();
  };
}

/** Each segment decoded the way the router decodes path parameters (undecodable text stays as it is). */
function pathRefusal(path: string): Refusal | undefined {
  for (const segment of path.split('/')) {
    const problem = textProblem(safeDecode(segment));
    if (problem) return { path: 'path', message: problem };
  }
  return undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Header names are the client's to choose; their values are text like any other. */
function headerRefusal(headers: Context['headers']): Refusal | undefined {
  for (const [name, value] of Object.entries(headers)) {
    for (const text of Array.isArray(value) ? value : [value ?? '']) {
      const problem = textProblem(text);
      if (problem) return { path: `header.${name}`, message: problem };
    }
  }
  return undefined;
}

/** Iterative, so a hostile depth cannot overflow the stack before the depth limit refuses it. */
function firstRefusal(root: unknown, rootPath: string): Refusal | undefined {
  const pending: { value: unknown; path: string; depth: number }[] = [{ value: root, path: rootPath, depth: 0 }];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const { value, path, depth } = item;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) return { path, message: problem };
    } else if (typeof value === 'number') {
      if (Math.abs(value) > Number.MAX_SAFE_INTEGER) return { path, message: 'is beyond ±2^53 and cannot be represented exactly' };
    } else if (typeof value === 'object' && value !== null) {
      if (depth >= MAX_JSON_DEPTH) return { path, message: `is nested deeper than ${MAX_JSON_DEPTH} levels` };
      for (const [key, child] of Object.entries(value)) {
        const keyProblem = textProblem(key) ?? (unsafeKeys.has(key) ? `has a key named ${key}, which is not allowed` : undefined);
        if (keyProblem) return { path, message: keyProblem.replace(/^contains/, 'has a key that contains') };
        pending.push({ value: child, path: `${path}.${key}`, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

function textProblem(text: string): string | undefined {
  const found = unsafeCharacter.exec(text)?.[0];
  if (found === undefined) return undefined;
  return found === '\0' ? 'contains a NUL character' : 'contains a lone surrogate, which is not Unicode text';
}
