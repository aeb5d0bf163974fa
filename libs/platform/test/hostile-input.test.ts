import { Agent, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { z } from 'zod';
import { createLogger } from '../src/index.js';
import { ApiRouter, createHttpApp, refuseUnparsableRequest } from '../src/http-index.js';

/** What reached the router's guard (authentication runs there, before the zod parse): hostile input must never. */
const seenByGuard: string[] = [];

const api = new ApiRouter<object>({ title: 'hostile', version: '1' }, { tags: { test: 'Routes that take hostile input' } })
  .use(async (ctx, next) => {
    seenByGuard.push(ctx.path);
    await next();
  })
  .add({
    method: 'post',
    path: '/things/{thingId}',
    operationId: 'echoThing',
    summary: 'takes free-form JSON',
    description: 'Echoes the parsed body.',
    tags: ['test'],
    params: z.object({ thingId: z.string() }),
    query: z.object({ tag: z.string().optional() }),
    body: z.record(z.string(), z.unknown()),
    responses: { 200: { description: 'echo' } },
    handle: (ctx, { body }) => {
      ctx.body = { received: body };
    },
  })
  .add({
    method: 'post',
    path: '/duplicates',
    operationId: 'createDuplicate',
    summary: 'loses a race to a concurrent create, the way the database reports it',
    description: 'Throws what a unique violation looks like.',
    tags: ['test'],
    responses: { 201: { description: 'never' } },
    handle: () => {
      throw Object.assign(new Error('duplicate key value violates unique constraint "staff_members_pkey"'), { code: '23505' });
    },
  })
  .add({
    method: 'get',
    path: '/ping',
    operationId: 'ping',
    summary: 'answers',
    description: 'Answers pong.',
    tags: ['test'],
    responses: { 200: { description: 'pong' } },
    handle: (ctx) => {
      ctx.body = { pong: true };
    },
  });

let server: Server;
let url: string;
beforeAll(async () => {
  server = createHttpApp(createLogger('hostile-input-test', 'silent'), {}, api, 'hostile').listen(0, '127.0.0.1');
  server.on('clientError', refuseUnparsableRequest);
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seenByGuard.length = 0;
});

const post = (path: string, body: string | Uint8Array, contentType = 'application/json') =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });

async function refused(response: Response): Promise<{ status: number; type: string | null; code: unknown; errors: unknown }> {
  const body = (await response.json()) as { code?: unknown; errors?: unknown };
  return { status: response.status, type: response.headers.get('content-type'), code: body.code, errors: body.errors };
}

const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe('the input seam', () => {
  it.each([
    ['a NUL in a body string', '/things/1', '{"posTransactionId":"pos-\\u0000-1"}', 'body.posTransactionId', 'NUL'],
    ['a NUL in a body key', '/things/1', '{"a\\u0000b":1}', 'body', 'NUL'],
    ['a lone high surrogate', '/things/1', '{"name":"\\ud800"}', 'body.name', 'surrogate'],
    ['a lone low surrogate deep in an array', '/things/1', '{"list":[{"name":"x\\udfffy"}]}', 'body.list.0.name', 'surrogate'],
    ['a __proto__ key', '/things/1', '{"__proto__":{"isAdmin":true}}', 'body', '__proto__'],
    ['a constructor key', '/things/1', '{"nested":{"constructor":{"prototype":{"isAdmin":true}}}}', 'body.nested', 'constructor'],
    ['an integer past 2^53', '/things/1', '{"amount":9007199254740993}', 'body.amount', '2^53'],
    ['a huge float', '/things/1', '{"amount":1e300}', 'body.amount', '2^53'],
    ['nesting 10,000 deep', '/things/1', nested(10_000), expect.stringMatching(/^body(\.a){32}$/), 'nested deeper'],
    ['a NUL in a path parameter', '/things/ab%00cd', '{}', 'path', 'NUL'],
    ['a NUL in the query', '/things/1?tag=%00', '{}', 'query.tag', 'NUL'],
  ])('refuses %s with 400 VALIDATION_FAILED before any guard runs', async (_case, path, body, where, reason) => {
    const answer = await refused(await post(path, body));
    expect(answer).toEqual({
      status: 400,
      type: expect.stringContaining('application/problem+json'),
      code: 'VALIDATION_FAILED',
      errors: [{ path: where, message: expect.stringContaining(reason) }],
    });
    expect(seenByGuard).toEqual([]);
  });

  it('passes ordinary text, emoji (paired surrogates), the largest safe integer and 31 levels of nesting', async () => {
    const body = { name: 'Café 🎉 ünïcødé', amount: Number.MAX_SAFE_INTEGER, negative: -Number.MAX_SAFE_INTEGER, deep: JSON.parse(nested(30)) as unknown };
    const response = await post('/things/caf%C3%A9?tag=%F0%9F%8E%89', JSON.stringify(body));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: body });
    expect(seenByGuard).toEqual(['/things/caf%C3%A9']);
  });

  it('refuses bytes that are not UTF-8 as malformed JSON', async () => {
    const answer = await refused(await post('/things/1', new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d])));
    expect(answer).toMatchObject({ status: 400, code: 'MALFORMED_JSON' });
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])('refuses a %s body with 415', async (type) => {
    const answer = await refused(await post('/things/1', 'a=1', type));
    expect(answer).toMatchObject({ status: 415, type: expect.stringContaining('application/problem+json'), code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('keeps a lone surrogate in an undecodable path segment as the literal text it is', async () => {
    const response = await post('/things/%ED%A0%80', '{}');
    expect(response.status).toBe(200);
    expect(seenByGuard).toEqual(['/things/%ED%A0%80']);
  });
});

describe('a body over the size limit', () => {
  /** One keep-alive socket, so a second request must reuse the first one's connection or open a new one cleanly. */
  function send(
    agent: Agent,
    method: string,
    path: string,
    body?: Buffer,
    { chunked = false } = {},
  ): Promise<{ status: number; connection: string | undefined; reused: boolean }> {
    return new Promise((resolve, reject) => {
      const headers = body ? { 'content-type': 'application/json', ...(chunked ? {} : { 'content-length': body.length }) } : {};
      const outgoing = httpRequest(`${url}${path}`, { agent, method, headers });
      outgoing.on('response', (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, connection: response.headers.connection, reused: outgoing.reusedSocket }));
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  const bodyOf = (bytes: number) => Buffer.from(JSON.stringify({ name: 'x'.repeat(bytes) }));

  it('is answered 413 and read to its end, so the next request on the same keep-alive connection works', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect(await send(agent, 'POST', '/things/1', bodyOf(600_000))).toMatchObject({ status: 413, connection: 'keep-alive' });
      expect(await send(agent, 'GET', '/ping')).toEqual({ status: 200, connection: 'keep-alive', reused: true });
    } finally {
      agent.destroy();
    }
  });

  it.each([
    ['declared', false],
    ['chunked', true],
  ])(
    'is answered 413 with Connection: close when it is too big to read through (%s length), and the client moves to a new connection',
    async (_case, chunked) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        expect(await send(agent, 'POST', '/things/1', bodyOf(3_000_000), { chunked })).toMatchObject({ status: 413, connection: 'close' });
        expect(await send(agent, 'GET', '/ping')).toEqual({ status: 200, connection: 'keep-alive', reused: false });
      } finally {
        agent.destroy();
      }
    },
  );
});

describe('a request the HTTP parser refuses', () => {
  /** Raw bytes: fetch and http.request refuse to send these at all. */
  function sendRaw(request: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect((server.address() as AddressInfo).port, '127.0.0.1', () => socket.end(request));
      let answer = '';
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
      socket.on('close', () => resolve(answer));
      socket.on('error', reject);
    });
  }

  it.each([
    ['a NUL byte in a header', `GET /ping HTTP/1.1\r\nHost: x\r\nX-Api-Key: lpk_\0x\r\n\r\n`, 400, 'MALFORMED_REQUEST'],
    ['a NUL byte in the URL', `GET /things/a\0b HTTP/1.1\r\nHost: x\r\n\r\n`, 400, 'MALFORMED_REQUEST'],
    ['headers over 16 kB', `GET /ping HTTP/1.1\r\nHost: x\r\nX-Filler: ${'z'.repeat(20_000)}\r\n\r\n`, 431, 'HEADERS_TOO_LARGE'],
  ])('answers %s with problem+json and closes the connection', async (_case, request, status, code) => {
    const answer = await sendRaw(request);
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    expect(head).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
    expect(head).toMatch(/\r\nContent-Type: application\/problem\+json\r\n/);
    expect(head).toMatch(/\r\nConnection: close(\r\n|$)/);
    expect(JSON.parse(body)).toMatchObject({ status, code });
    expect(seenByGuard).toEqual([]);
  });
});

describe('a create that loses a race', () => {
  it('answers 409 CONFLICT, naming no constraint', async () => {
    const response = await post('/duplicates', '{}');
    const text = await response.text();
    expect(response.status).toBe(409);
    expect(JSON.parse(text)).toMatchObject({ code: 'CONFLICT' });
    expect(text).not.toMatch(/staff_members|duplicate key/);
  });
});
