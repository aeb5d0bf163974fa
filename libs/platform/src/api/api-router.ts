import Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { parseInput } from '../http.js';
import type { Endpoint } from './endpoint.js';

const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().meta({ description: 'Stable machine-readable error code' }),
    detail: z.string(),
    instance: z.string(),
    correlationId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

const commonProblems: Record<number, string> = {
  400: 'VALIDATION_FAILED, MALFORMED_JSON',
  401: 'UNAUTHORIZED',
  429: 'RATE_LIMITED',
};

export type SecurityScheme =
  | { type: 'http'; scheme: string; bearerFormat?: string; description?: string }
  | { type: 'apiKey'; in: 'header'; name: string; description?: string };

const bearer: SecurityScheme = { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A Cognito access token' };

export interface ApiInfo {
  [extension: `x-${string}`]: unknown;
  title: string;
  version: string;
  description?: string;
}

export interface ApiOptions {
  /** Every tag the endpoints use, with what it groups; the document lists them in this order. */
  tags: Record<string, string>;
  /** Ways to authenticate besides a bearer token; any one of them will do. */
  securitySchemes?: Record<string, SecurityScheme>;
}

const publisher = {
  contact: { name: 'Loyalty platform team' },
  license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
};

// Relative: the document describes the origin it is served from, whichever host or port that is.
const servers = [{ url: '/', description: 'The origin serving this document' }];

const camelCase = /^[a-z][a-zA-Z0-9]*$/;

/** Collects endpoints; hands out a Koa router that validates input and an OpenAPI document that describes it. */
export class ApiRouter<S> {
  readonly #endpoints: Endpoint<S, z.ZodType, z.ZodType, z.ZodType>[] = [];
  readonly #middleware: Middleware[] = [];
  readonly #info: ApiInfo;
  readonly #tags: Record<string, string>;
  readonly #securitySchemes: Record<string, SecurityScheme>;

  constructor(info: ApiInfo, options: ApiOptions) {
    this.#info = info;
    this.#tags = options.tags;
    this.#securitySchemes = { bearer, ...options.securitySchemes };
  }

  /** Middleware for every non-public endpoint of this router (authentication, say); not for /openapi.json or /docs. */
  use(middleware: Middleware): this {
    this.#middleware.push(middleware);
    return this;
  }

  add<P extends z.ZodType = z.ZodObject, Q extends z.ZodType = z.ZodObject, B extends z.ZodType = z.ZodUnknown>(endpoint: Endpoint<S, P, Q, B>): this {
    assertDescribable(endpoint, this.#endpoints, this.#tags);
    this.#endpoints.push(endpoint as unknown as Endpoint<S, z.ZodType, z.ZodType, z.ZodType>);
    return this;
  }

  router(): Router<S> {
    const router = new Router<S>();
    for (const endpoint of this.#endpoints) {
      const guards = endpoint.public ? [] : this.#middleware;
      router[endpoint.method](koaPath(endpoint.path), ...guards, async (ctx: Context) => {
        const input = {
          params: endpoint.params ? parseInput(endpoint.params, ctx.params) : {},
          query: endpoint.query ? parseInput(endpoint.query, ctx.query) : {},
          body: endpoint.body ? parseInput(endpoint.body, ctx.state.body) : undefined,
        };
        await endpoint.handle(ctx as Context & { state: S }, input);
      });
    }
    return router;
  }

  document(): ReturnType<typeof createDocument> {
    const paths: ZodOpenApiPathsObject = {};
    for (const endpoint of this.#endpoints) {
      paths[endpoint.path] = { ...paths[endpoint.path], [endpoint.method]: operation(endpoint) };
    }
    const used = new Set(this.#endpoints.flatMap((endpoint) => endpoint.tags));
    return createDocument({
      openapi: '3.1.0',
      info: { ...publisher, ...this.#info },
      servers,
      tags: Object.entries(this.#tags)
        .filter(([name]) => used.has(name))
        .map(([name, description]) => ({ name, description })),
      paths,
      components: { securitySchemes: this.#securitySchemes },
      security: Object.keys(this.#securitySchemes).map((name) => ({ [name]: [] })),
    });
  }
}

function operation(endpoint: Endpoint<unknown, z.ZodType, z.ZodType, z.ZodType>): ZodOpenApiOperationObject {
  const responses: ZodOpenApiOperationObject['responses'] = {};
  for (const [status, response] of Object.entries(endpoint.responses)) {
    responses[status as `${1 | 2 | 3 | 4 | 5}${string}`] = {
      description: response.description,
      ...(response.body ? { content: { 'application/json': { schema: response.body } } } : {}),
      ...(response.headers
        ? { headers: Object.fromEntries(Object.entries(response.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }])) }
        : {}),
    };
  }
  for (const [status, codes] of Object.entries({ ...commonProblems, ...endpoint.problems })) {
    responses[status as `${1 | 2 | 3 | 4 | 5}${string}`] ??= {
      description: `Problem: ${codes}`,
      content: { 'application/problem+json': { schema: problemSchema } },
    };
  }
  return {
    operationId: endpoint.operationId,
    summary: endpoint.summary,
    description: endpoint.description,
    tags: endpoint.tags,
    ...(endpoint.public ? { security: [] } : {}),
    requestParams: {
      ...(endpoint.params ? { path: endpoint.params as z.ZodObject } : {}),
      ...(endpoint.query ? { query: endpoint.query as z.ZodObject } : {}),
      ...(endpoint.headers ? { header: endpoint.headers } : {}),
    },
    ...(endpoint.body
      ? { requestBody: { required: !endpoint.body.safeParse(undefined).success, content: { 'application/json': { schema: endpoint.body } } } }
      : {}),
    responses,
  };
}

type Described = Pick<Endpoint<unknown, z.ZodType, z.ZodType, z.ZodType>, 'operationId' | 'tags'>;

/** Mistakes that would make the document ambiguous for generated clients fail at start-up, not in a client build. */
function assertDescribable(endpoint: Described, known: readonly Described[], declaredTags: Record<string, string>): void {
  const { operationId } = endpoint;
  if (!camelCase.test(operationId)) throw new Error(`operationId ${operationId} is not camelCase`);
  if (known.some((other) => other.operationId === operationId)) throw new Error(`operationId ${operationId} is used twice`);
  const undeclared = endpoint.tags.filter((tag) => !Object.hasOwn(declaredTags, tag));
  if (undeclared.length > 0) throw new Error(`${operationId} uses undeclared tags: ${undeclared.join(', ')}`);
}

function koaPath(openApiPath: string): string {
  return openApiPath.replace(/\{(\w+)\}/g, ':$1');
}
