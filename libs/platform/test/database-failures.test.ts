import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { createLogger } from '../src/index.js';
import { problemDetails } from '../src/http.js';

/** What the driver throws, by SQLSTATE or socket error code, as pg and MikroORM pass it on. */
const failures: Record<string, string> = {
  '/lock-timeout': '55P03',
  '/deadlock': '40P01',
  '/too-many-connections': '53300',
  '/shutting-down': '57P01',
  '/refused': 'ECONNREFUSED',
  '/unknown': 'XX000',
};

/** What pg throws with no code at all when the connection goes away or never comes. */
const codelessFailures: Record<string, string> = {
  '/terminated': 'Connection terminated unexpectedly',
  '/broken-client': 'Client has encountered a connection error and is not queryable',
  '/pool-timeout': 'timeout exceeded when trying to connect',
};

let server: Server;
let url: string;
beforeAll(async () => {
  const app = new Koa();
  app.use(problemDetails(createLogger('database-failures-test', 'silent')));
  app.use((ctx) => {
    const codeless = codelessFailures[ctx.path];
    if (codeless) throw new Error(codeless);
    throw Object.assign(new Error('driver failure'), { code: failures[ctx.path] });
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

async function answer(path: string) {
  const response = await fetch(`${url}${path}`);
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as { code: string } };
}

it('answers a lock timeout or a deadlock 503 BUSY with Retry-After: the same request can simply be sent again', async () => {
  expect(await answer('/lock-timeout')).toMatchObject({ status: 503, retryAfter: '1', body: { code: 'BUSY' } });
  expect(await answer('/deadlock')).toMatchObject({ status: 503, retryAfter: '1', body: { code: 'BUSY' } });
});

it('answers a database that is out of connections, restarting or unreachable 503 DATABASE_UNAVAILABLE, not 500', async () => {
  for (const path of ['/too-many-connections', '/shutting-down', '/refused', '/terminated', '/broken-client', '/pool-timeout']) {
    expect(await answer(path)).toMatchObject({ status: 503, retryAfter: '2', body: { code: 'DATABASE_UNAVAILABLE' } });
  }
  expect(await answer('/unknown')).toMatchObject({ status: 500, retryAfter: null, body: { code: 'INTERNAL' } });
});
