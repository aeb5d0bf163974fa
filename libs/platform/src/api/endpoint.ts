import type { Context } from 'koa';
import type { z } from 'zod';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface EndpointResponse {
  description: string;
  body?: z.ZodType;
  headers?: Record<string, string>;
}

export interface EndpointInput<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  params: z.infer<P>;
  query: z.infer<Q>;
  body: z.infer<B>;
}

/**
 * One endpoint, described once: the same zod schemas validate the request at run time and
 * document it in the OpenAPI 3.1 document, so the two cannot drift apart.
 */
export interface Endpoint<S, P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: HttpMethod;
  /** OpenAPI style: `/businesses/{businessId}`. */
  path: string;
  /** Stable, verb-first camelCase (`recordTransaction`): generated clients use it as the method name. */
  operationId: string;
  summary: string;
  /** What a client needs to know: who may call it, what it answers, the problems worth handling. */
  description: string;
  /** Declared with their descriptions where the ApiRouter is made. */
  tags: [string, ...string[]];
  params?: P;
  query?: Q;
  body?: B;
  headers?: z.ZodObject;
  responses: Record<number, EndpointResponse>;
  /** Reachable without credentials (sign-in and the like): the router's authentication is not applied. */
  public?: boolean;
  /** Problem codes this endpoint can answer with, beyond validation and authentication. */
  problems?: Record<number, string>;
  handle: (ctx: Context & { state: S }, input: EndpointInput<P, Q, B>) => Promise<void> | void;
}
