import { randomBytes, randomUUID } from 'node:crypto';
import { call } from '../support/http.js';
import { setUpPointsProgram } from '../support/stamp-program.js';
import { startSystem, type System } from '../support/system.js';

/**
 * Every operation of both OpenAPI documents, called with the right credentials (so input validation
 * is really reached) and hostile values in each path parameter, each query parameter, each body field
 * and the body as a whole, plus hostile headers. Whatever comes back must not be a 500 (nor a 5xx the
 * operation does not document), and every error must be problem+json with a code. The operations and their schemas come from /openapi.json, so a new
 * endpoint is swept without anyone adding it here.
 */

interface Schema {
  $ref?: string;
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
}

interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema: Schema;
}

interface Operation {
  responses: Record<string, unknown>;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  security?: unknown[];
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

interface Probe {
  route: string;
  /** Statuses the operation documents; a 5xx other than 500 passes only if it is one of them (503 not configured, 501 emulator gap). */
  documented: Set<number>;
  variant: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

const NUL = 'pos-\u0000-1';
const HIGH_SURROGATE = 'half \ud83d of an emoji';
const LOW_SURROGATE = '\ude00 the other half';
const LONG = 'x'.repeat(5_000);
const PAST_2_53 = 2 ** 53 + 2;
const prototypeSetter = () => JSON.parse('{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"isAdmin":true}}}') as unknown;

const hostileValues: [string, () => unknown][] = [
  ['NUL', () => NUL],
  ['lone high surrogate', () => HIGH_SURROGATE],
  ['lone low surrogate', () => LOW_SURROGATE],
  ['5,000 characters', () => LONG],
  ['number past 2^53', () => PAST_2_53],
  ['__proto__ object', prototypeSetter],
];

/** Path and query values travel percent-encoded; `%ED%A0%80` is what a lone surrogate would be as (invalid) UTF-8. */
const hostileUrlValues: [string, string][] = [
  ['NUL', '%00'],
  ['NUL inside', `ab%00cd`],
  ['encoded lone surrogate', '%ED%A0%80'],
  ['5,000 characters', LONG],
  ['number past 2^53', '9007199254740993'],
  ['__proto__', '__proto__'],
  ['an encoded slash and dots', '..%2F..%2Fetc'],
];

const nested = (depth: number) => `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`;
const invalidUtf8 = new Uint8Array([...Buffer.from('{"name":"'), 0xed, 0xa0, 0x80, 0xff, ...Buffer.from('"}')]);

/** Whole bodies that no JSON schema gets to see, each with its own content type. */
const hostileBodies: [string, string | Uint8Array, string | undefined][] = [
  ['10,000 levels deep', nested(10_000), 'application/json'],
  ['invalid UTF-8', invalidUtf8, 'application/json'],
  ['text/plain', '{"name":"x"}', 'text/plain'],
  ['form-urlencoded', 'name=x&__proto__[isAdmin]=true', 'application/x-www-form-urlencoded'],
  ['multipart', '--b\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--b--\r\n', 'multipart/form-data; boundary=b'],
  ['no content type', new TextEncoder().encode('{"name":"x"}'), undefined],
  ['malformed JSON', '{"name":', 'application/json'],
  ['null', 'null', 'application/json'],
  ['an array', '[1,2,3]', 'application/json'],
  ['a string', '"\\u0000"', 'application/json'],
  ['1e400', '1e400', 'application/json'],
  ['over 100 kB', JSON.stringify({ name: 'y'.repeat(150_000) }), 'application/json'],
];

const hostileHeaders: [string, Record<string, string>][] = [
  ['5,000-character correlation id', { 'x-correlation-id': LONG }],
  ['5,000-character idempotency key', { 'idempotency-key': LONG }],
  ['Prefer with a huge wait', { prefer: `wait=${'9'.repeat(400)}` }],
  ['Prefer with nonsense', { prefer: 'wait=-1, wait="__proto__", respond-async' }],
  ['a 5,000-character bearer token', { authorization: `Bearer ${LONG}` }],
  ['a malformed API key', { authorization: `ApiKey lpk_${'ÿ'.repeat(60)}` }],
  ['a long X-Api-Key', { 'x-api-key': `lpk_${randomUUID()}_${LONG}` }],
  ['headers past the server limit', { 'x-filler': 'z'.repeat(20_000) }],
];

/** Strings whose pattern the generator cannot guess: the first candidate a pattern accepts is used. */
const patternCandidates = [
  'sweep@cafe.test',
  '123456',
  'EUR',
  'DE',
  '09:30',
  '1234-5678',
  '2026-12-10',
  '+4930123456',
  '+49 30 1234567',
  '52.52,13.40',
  new Date(Date.now() + 86_400_000).toISOString(),
  'A'.repeat(43),
];
const byName: Record<string, string> = { password: 'Sweep-password-42!', newPassword: 'Sweep-password-42!', timeZone: 'Europe/Berlin', locale: 'de-DE' };

let system: System;
let ids: Record<string, string>;
let credentials: { owner: string; customer: string; posKey: string };

function deref(schema: Schema, document: OpenApiDocument): Schema {
  const name = schema.$ref?.split('/').at(-1);
  return name ? deref(document.components?.schemas?.[name] ?? {}, document) : schema;
}

/** A value the schema accepts, built from the document alone (ids of the test's own business where the name says which). */
function sample(raw: Schema, document: OpenApiDocument, name = ''): unknown {
  const schema = deref(raw, document);
  if ('const' in schema) return schema.const;
  if (schema.enum) return schema.enum[0];
  const options = schema.oneOf ?? schema.anyOf;
  if (options) return sample(options.find((option) => deref(option, document).type !== 'null') ?? {}, document, name);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((part) => sample(part, document, name)));
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries((schema.required ?? []).map((key) => [key, sample(schema.properties?.[key] ?? {}, document, key)]));
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sample(schema.items ?? {}, document, name));
    case 'integer':
    case 'number':
      return schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : Math.max(schema.minimum ?? 1, 1);
    case 'boolean':
      return true;
    case 'string':
      return sampleString(schema, name);
    default:
      return 'x';
  }
}

function sampleString(schema: Schema, name: string): string {
  if (schema.format === 'uuid') return ids[name] ?? randomUUID();
  if (byName[name]) return byName[name];
  if (schema.format === 'email') return `sweep-${randomBytes(4).toString('hex')}@cafe.test`;
  if (schema.format === 'uri') return 'https://app.loyalty.example/callback';
  if (schema.format === 'date-time') return new Date(Date.now() + 86_400_000).toISOString();
  if (schema.pattern) {
    const pattern = new RegExp(schema.pattern, 'u');
    const candidate = patternCandidates.find((text) => pattern.test(text));
    if (!candidate) throw new Error(`no sample string for pattern ${schema.pattern}: add one to patternCandidates`);
    return candidate;
  }
  return 'S'.repeat(Math.max(schema.minLength ?? 1, 4));
}

/** Every property path in the schema, optional ones included, so each field gets each hostile value. */
function fieldPaths(raw: Schema, document: OpenApiDocument, prefix: string[] = [], depth = 0): string[][] {
  const schema = deref(raw, document);
  if (depth > 4) return [];
  const options = schema.oneOf ?? schema.anyOf;
  if (options) return fieldPaths(options.find((option) => deref(option, document).type !== 'null') ?? {}, document, prefix, depth);
  if (schema.items) return fieldPaths(schema.items, document, [...prefix, '0'], depth + 1);
  return Object.entries(schema.properties ?? {}).flatMap(([key, property]) => [
    [...prefix, key],
    ...fieldPaths(property, document, [...prefix, key], depth + 1),
  ]);
}

function withValue(base: unknown, path: string[], value: unknown): unknown {
  const copy = structuredClone(base) as Record<string, unknown>;
  let target = copy;
  path.slice(0, -1).forEach((key, index) => {
    if (typeof target[key] !== 'object' || target[key] === null) target[key] = /^\d+$/.test(path[index + 1] ?? '') ? [] : {};
    target = target[key] as Record<string, unknown>;
  });
  target[path.at(-1) ?? ''] = value;
  return copy;
}

/** The alternatives of a body (a discriminated union such as the transaction kinds), each swept on its own. */
function bodyAlternatives(operation: Operation, document: OpenApiDocument): Schema[] {
  const schema = operation.requestBody?.content['application/json']?.schema;
  if (!schema) return [];
  const resolved = deref(schema, document);
  return resolved.oneOf ?? resolved.anyOf ?? [resolved];
}

function fill(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => params[key] ?? encodeURIComponent(ids[key] ?? 'unknown'));
}

function probesOf(api: 'admin' | 'customer', document: OpenApiDocument, callers: (route: string) => Record<string, string>[]): Probe[] {
  const probes: Probe[] = [];
  for (const [template, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const route = `${api} ${method.toUpperCase()} ${template}`;
      const parameters = operation.parameters ?? [];
      const query = parameters.filter((p) => p.in === 'query');
      const baseQuery = Object.fromEntries(query.filter((p) => p.required).map((p) => [p.name, String(sample(p.schema, document, p.name))]));
      const url = (path: string, search: [string, string][] = Object.entries(baseQuery)) => {
        const encoded = search.map(([key, value]) => `${key}=${value.includes('%') ? value : encodeURIComponent(value)}`);
        return `${path}${encoded.length > 0 ? `?${encoded.join('&')}` : ''}`;
      };
      const alternatives = bodyAlternatives(operation, document);
      const baseBody = alternatives[0] ? JSON.stringify(sample(alternatives[0], document)) : undefined;
      const json: Record<string, string> = baseBody ? { 'content-type': 'application/json' } : {};
      const documented = new Set(Object.keys(operation.responses).map(Number));
      for (const caller of callers(route)) {
        const add = (variant: string, path: string, headers: Record<string, string>, body?: string | Uint8Array) =>
          probes.push({ route, documented, variant, method: method.toUpperCase(), path, headers: { ...caller, ...headers }, body });
        const path = fill(template, {});
        add('the sample request', url(path), json, baseBody);
        for (const parameter of parameters.filter((p) => p.in === 'path')) {
          for (const [label, value] of hostileUrlValues)
            add(`path {${parameter.name}}: ${label}`, url(fill(template, { [parameter.name]: value })), json, baseBody);
        }
        for (const parameter of query) {
          const others = Object.entries(baseQuery).filter(([key]) => key !== parameter.name);
          for (const [label, value] of hostileUrlValues)
            add(`query ${parameter.name}: ${label}`, url(path, [...others, [parameter.name, value]]), json, baseBody);
          add(`query ${parameter.name}: repeated`, url(path, [...others, [parameter.name, '1'], [parameter.name, '2']]), json, baseBody);
        }
        for (const key of ['__proto__[isAdmin]', 'constructor[prototype][isAdmin]', 'x%00y'])
          add(`query key ${key}`, url(path, [...Object.entries(baseQuery), [key, 'true']]), json, baseBody);
        for (const [label, headers] of hostileHeaders) add(`header: ${label}`, url(path), { ...json, ...headers }, baseBody);
        if (!['POST', 'PUT', 'PATCH'].includes(method.toUpperCase())) continue;
        for (const [label, body, type] of hostileBodies) add(`body: ${label}`, url(path), type ? { 'content-type': type } : {}, body);
        for (const alternative of alternatives) {
          const base = sample(alternative, document);
          for (const field of fieldPaths(alternative, document)) {
            for (const [label, value] of hostileValues)
              add(`body ${field.join('.')}: ${label}`, url(path), json, JSON.stringify(withValue(base, field, value())));
          }
        }
      }
    }
  }
  return probes;
}

/** Returns what is wrong with the answer, or nothing. */
async function probe(baseUrl: string, { method, path, headers, body, documented }: Probe): Promise<string | undefined> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  } catch (error) {
    return `network error: ${(error as Error).cause ?? error}`;
  }
  const text = await response.text();
  if (response.status === 500 || (response.status > 500 && !documented.has(response.status))) return `${response.status} ${text.slice(0, 200)}`;
  if (response.status < 400) return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('application/problem+json')) return `${response.status} with content type "${type}"`;
  const code = (JSON.parse(text) as { code?: unknown }).code;
  return typeof code === 'string' && code.length > 0 ? undefined : `${response.status} without a code`;
}

/** Small concurrent batches: fast on two cores without starving the APIs' database pools. */
async function sweep(baseUrl: string, probes: Probe[], freshCaller: (probe: Probe) => Promise<Probe>): Promise<string[]> {
  const problems: string[] = [];
  const queue = [...probes];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const problem = await probe(baseUrl, await freshCaller(next));
      if (problem) problems.push(`${next.route} [${next.variant}]: ${problem}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return problems;
}

/** Routes that end the caller's session or account get a new caller for every probe. */
const spendsTheCaller = new Set(['admin POST /auth/sign-out', 'customer POST /auth/sign-out', 'customer DELETE /me']);
const email = () => `sweep-${randomBytes(4).toString('hex')}@cafe.test`;

async function withFreshCaller(probe: Probe): Promise<Probe> {
  if (!spendsTheCaller.has(probe.route) || !probe.headers.authorization?.startsWith('Bearer ey')) return probe;
  const token = probe.route.startsWith('admin') ? await system.staffToken(email(), ['owner']) : await system.customerToken(email());
  return { ...probe, headers: { ...probe.headers, authorization: `Bearer ${token}` } };
}

async function documentOf(baseUrl: string): Promise<OpenApiDocument> {
  return (await call<OpenApiDocument>(baseUrl, 'GET', '/openapi.json')).body;
}

beforeAll(async () => {
  // Limits that would otherwise answer 429 long before the sweep is through; Prefer: wait kept short (no processors run).
  system = await startSystem({
    processors: false,
    env: { RATE_LIMIT_STANDARD: '100000/3600', RATE_LIMIT_TRANSACTIONS: '100000/60', PREFER_WAIT_MAX_SECONDS: '1' },
  });
  const shop = await setUpPointsProgram(system, { currency: 'EUR', pointsPerUnit: 1 });
  const owner = { token: shop.staffToken };
  const admin = system.admin.url;
  const reward = await call<{ id: string }>(admin, 'POST', `/businesses/${shop.businessId}/programs/${shop.programId}/rewards`, {
    ...owner,
    body: { name: 'Cookie', cost: 5 },
  });
  const recorded = await call<{ id: string }>(admin, 'POST', `/businesses/${shop.businessId}/transactions`, {
    ...owner,
    body: { kind: 'purchase', posTransactionId: `pos-${randomUUID()}`, cardId: shop.cardId, storeId: shop.storeId, amount: 10_00, currency: 'EUR' },
  });
  const key = async () =>
    (
      await call<{ id: string; key: string }>(admin, 'POST', `/businesses/${shop.businessId}/stores/${shop.storeId}/api-keys`, {
        ...owner,
        body: { name: 'Till' },
      })
    ).body;
  const [posKey, targetKey] = [await key(), await key()];
  const memberSub = randomUUID();
  await call(admin, 'POST', `/businesses/${shop.businessId}/staff`, { ...owner, body: { username: email(), cognitoSub: memberSub, role: 'cashier' } });
  ids = {
    businessId: shop.businessId,
    brandId: shop.brandId,
    storeId: shop.storeId,
    programId: shop.programId,
    rewardId: reward.body.id,
    catalogRewardId: reward.body.id,
    cardId: shop.cardId,
    transactionId: recorded.body.id,
    reversesTransactionId: recorded.body.id,
    cognitoSub: memberSub,
    keyId: targetKey.id,
    provider: 'Google',
  };
  credentials = { owner: `Bearer ${shop.staffToken}`, customer: `Bearer ${shop.customerToken}`, posKey: `ApiKey ${posKey.key}` };
}, 60_000);

afterAll(async () => {
  await system?.stop();
});

const posRoutes = new Set(['admin POST /businesses/{businessId}/transactions', 'admin GET /businesses/{businessId}/transactions/{transactionId}']);

describe('hostile input sweep', () => {
  it('answers every hostile request to every admin API operation without a 500, and every error as problem+json with a code', async () => {
    const document = await documentOf(system.admin.url);
    const probes = probesOf('admin', document, (route) => [
      { authorization: credentials.owner },
      ...(posRoutes.has(route) ? [{ authorization: credentials.posKey }] : []),
    ]);
    expect(Object.keys(document.paths).length).toBeGreaterThan(20);
    expect(await sweep(system.admin.url, probes, withFreshCaller)).toEqual([]);
  }, 120_000);

  it('answers every hostile request to every customer API operation the same way', async () => {
    const document = await documentOf(system.customer.url);
    const probes = probesOf('customer', document, () => [{ authorization: credentials.customer }]);
    expect(Object.keys(document.paths).length).toBeGreaterThan(20);
    expect(await sweep(system.customer.url, probes, withFreshCaller)).toEqual([]);
  }, 120_000);
});

describe('the same create sent many times at once', () => {
  it('creates it once and answers every other copy 409, never 500', async () => {
    const body = { username: email(), cognitoSub: randomUUID(), role: 'cashier' };
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        call(system.admin.url, 'POST', `/businesses/${ids.businessId}/staff`, { headers: { authorization: credentials.owner }, body }),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status !== 201)).toEqual(Array(19).fill(409));
  });
});
