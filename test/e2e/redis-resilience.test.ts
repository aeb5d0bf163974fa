import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { pino } from 'pino';
import { Redis } from 'ioredis';
import { connectRedis, type RedisConnection } from '@loyalty/guard';
import { cachingVerifier, jwtPrincipals, redisDenylist, redisPrincipalCache, type PrincipalSource } from '@loyalty/identity';
import { freePort } from '@loyalty/local-stack';
import { createLogger } from '@loyalty/platform';
import type { RunningApi } from '@loyalty/runtime/api';
import { waitFor } from '@loyalty/testing';
import { loadCustomerConfig } from '../../services/customer/src/config.js';
import { startCustomerServer } from '../../services/customer/src/server.js';
import { call } from '../support/http.js';
import { startSystem, type System } from '../support/system.js';

/** A Redis of this test's own, so it can be stopped without touching the one other tests share. */
class OwnRedis {
  #process: ChildProcess | undefined;
  readonly port: number;
  constructor(port: number) {
    this.port = port;
  }
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    this.#process = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await waitFor(() => accepts(this.port), { description: `redis-server on ${this.port}` });
  }
  async kill(): Promise<void> {
    const child = this.#process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

const logLines: { msg: string }[] = [];
const loggedTimes = (msg: string) => logLines.filter((line) => line.msg === msg).length;

let redis: OwnRedis;
let system: System;
let second: RunningApi;
let testRedis: RedisConnection;

beforeAll(async () => {
  redis = new OwnRedis(await freePort());
  await redis.start();
  system = await startSystem({ processors: false, env: { REDIS_URL: redis.url, RATE_LIMIT_STANDARD: '4/60' } });
  const capture = pino({ level: 'info' }, { write: (line: string) => void logLines.push(JSON.parse(line) as { msg: string }) });
  second = await startCustomerServer(loadCustomerConfig(system.env), capture);
  testRedis = connectRedis(redis.url, createLogger('test-redis', 'silent'));
}, 60_000);
afterAll(async () => {
  await testRedis?.close();
  await second?.stop();
  await system?.stop();
  await redis?.kill();
});

const apis = () => [system.customer.url, second.url];
const redisCheck = async (url: string) => (await call<{ checks: { redis: string } }>(url, 'GET', '/readyz')).body.checks?.redis;
const myCards = (url: string, token: string) => call(url, 'GET', '/me/cards', { token });
const newCustomer = () => system.customerToken(`redis-${crypto.randomUUID()}@example.com`);

describe('while Redis is up', () => {
  it('reports ready and shares one rate-limit budget across API processes', async () => {
    for (const url of apis()) await waitFor(async () => (await redisCheck(url)) === 'ok', { description: `${url} redis ok` });
    const token = await newCustomer();
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await myCards(apis()[i % 2] as string, token)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });

  it('skips the JWT work for a token it has verified before, but never across pools or clients', async () => {
    const token = await newCustomer();
    let verified = 0;
    const jwt = jwtPrincipals(system.topology.userPools.customers);
    const counting: PrincipalSource = (t) => {
      verified += 1;
      return jwt(t);
    };
    const prefix = `cache-${crypto.randomUUID()}`;
    const options = { denylist: redisDenylist(testRedis, prefix), cache: redisPrincipalCache(testRedis, prefix) };
    const verifier = cachingVerifier(counting, { ...options, scope: 'customers' });
    const first = await verifier.verify(`Bearer ${token}`);
    const second = await verifier.verify(`Bearer ${token}`);
    expect(verified).toBe(1);
    expect(second).toEqual(first);
    await cachingVerifier(counting, { ...options, scope: 'staff' }).verify(`Bearer ${token}`);
    expect(verified).toBe(2);

    await options.denylist.deny(token, first.expiresAt);
    await expect(verifier.verify(`Bearer ${token}`)).rejects.toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    expect(verified).toBe(2);
  });

  it('caches a verified principal for at most five minutes, and refuses a signed-out token at once on every process', async () => {
    const token = await newCustomer();
    expect((await myCards(system.customer.url, token)).status).toBe(200);
    const client = new Redis(redis.url);
    const cached = await client.keys(`${system.env.RESOURCE_PREFIX}:principal:*`);
    const ttls = await Promise.all(cached.map((key) => client.pttl(key)));
    client.disconnect();
    expect(cached.length).toBeGreaterThan(0);
    for (const ttl of ttls) expect(ttl).toBeLessThanOrEqual(300_000);

    // Another process signs the token out: the shared denylist beats the cached principal.
    await redisDenylist(testRedis, String(system.env.RESOURCE_PREFIX)).deny(token, new Date(Date.now() + 3_600_000));
    for (const url of apis()) {
      const refused = await myCards(url, token);
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({ detail: 'This token was signed out' });
    }
  });
});

describe('when Redis stops mid-run', () => {
  beforeAll(async () => {
    await redis.kill();
    for (const url of apis()) await waitFor(async () => (await redisCheck(url)) === 'degraded', { description: `${url} redis degraded` });
  });

  it('says degraded on /readyz but stays ready (200)', async () => {
    const ready = await call(second.url, 'GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'degraded', checks: { redis: 'degraded', database: 'ok' } });
  });

  it('keeps serving, verifies tokens at the source and enforces limits per process', async () => {
    const token = await newCustomer();
    const onSecond = [];
    for (let i = 0; i < 5; i++) onSecond.push((await myCards(second.url, token)).status);
    expect(onSecond).toEqual([200, 200, 200, 200, 429]);
    expect((await myCards(system.customer.url, token)).status).toBe(200);
  });

  it('still answers the auth endpoints without a server error', async () => {
    const response = await call(second.url, 'POST', '/auth/sign-in', { body: { email: 'nobody@example.com', password: 'Wrong-password-1' } });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });

  it('logs the outage once, not once per request or reconnect attempt', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(loggedTimes('redis unavailable: falling back to per-process memory')).toBe(1);
  });
});

describe('when Redis comes back', () => {
  it('reports ready again and logs the recovery once', async () => {
    await redis.start();
    for (const url of apis()) await waitFor(async () => (await redisCheck(url)) === 'ok', { description: `${url} redis ok again` });
    expect((await call(second.url, 'GET', '/readyz')).body).toMatchObject({ status: 'ok' });
    expect(loggedTimes('redis available again')).toBe(1);
    expect((await myCards(second.url, await newCustomer())).status).toBe(200);
  });
});
