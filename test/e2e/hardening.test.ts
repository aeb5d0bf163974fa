import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@loyalty/platform';
import { ApiRouter, createHttpApp } from '@loyalty/platform/http';
import type { RunningApi } from '@loyalty/runtime/api';
import { appOrigins, serviceSpecs } from '../../scripts/local/services.js';
import { loadAdminConfig } from '../../services/admin/src/config.js';
import { startAdminServer } from '../../services/admin/src/server.js';
import { loadCustomerConfig } from '../../services/customer/src/config.js';
import { startCustomerServer } from '../../services/customer/src/server.js';
import { call } from '../support/http.js';
import { startSystem, type System } from '../support/system.js';

const appOrigin = 'https://app.loyalty.example';
let system: System;
beforeAll(async () => {
  system = await startSystem({ processors: false, env: { CORS_ORIGINS: `${appOrigin}, https://admin.loyalty.example` } });
});
afterAll(async () => {
  await system?.stop();
});

describe('security headers', () => {
  it.each([
    ['an API answer', '/businesses/00000000-0000-0000-0000-000000000000/stores', 401],
    ['a health check', '/readyz', 200],
    ['an unknown route', '/nope', 404],
  ])('come with %s', async (_case, path, status) => {
    const response = await fetch(`${system.admin.url}${path}`);
    expect(response.status).toBe(status);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('let the docs page load Swagger UI from the same origin and nothing from elsewhere', async () => {
    const page = await fetch(`${system.customer.url}/docs`);
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toMatch(/https?:/);
    const html = await page.text();
    for (const asset of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
      expect(asset[1]).toMatch(/^\/docs\//);
      expect((await fetch(`${system.customer.url}${asset[1]}`)).status).toBe(200);
    }
  });
});

describe('CORS', () => {
  it('answers an allowed origin and exposes the headers a client needs', async () => {
    const response = await fetch(`${system.customer.url}/healthz`, { headers: { origin: appOrigin } });
    expect(response.headers.get('access-control-allow-origin')).toBe(appOrigin);
    expect(response.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect(response.headers.get('vary')).toContain('Origin');
  });

  it('gives an unknown origin no CORS headers at all', async () => {
    const response = await fetch(`${system.customer.url}/healthz`, { headers: { origin: 'https://evil.example' } });
    expect(response.status).toBe(200);
    expect([...response.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });

  it('answers preflights: methods and headers for an allowed origin, nothing for another', async () => {
    const preflight = (origin: string) =>
      fetch(`${system.admin.url}/businesses`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
      });
    const allowed = await preflight(appOrigin);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(appOrigin);
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const refused = await preflight('https://evil.example');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(refused.headers.get('access-control-allow-methods')).toBeNull();
  });
});

describe('CORS of the local system (npm start)', () => {
  const silent = createLogger('hardening-test', 'silent');
  let admin: RunningApi;
  let customer: RunningApi;
  beforeAll(async () => {
    // The APIs started with the very CORS_ORIGINS that `npm start` gives each of them.
    const specs = serviceSpecs(fileURLToPath(new URL('../..', import.meta.url)), {
      databaseUrl: system.db.url,
      redisUrl: undefined,
      awsEnv: {},
      provisioned: system.topology,
    });
    const corsOf = (name: string) => specs.find((spec) => spec.name === name)?.env.CORS_ORIGINS;
    admin = await startAdminServer(loadAdminConfig({ ...system.env, CORS_ORIGINS: corsOf('admin-api') }), silent);
    customer = await startCustomerServer(loadCustomerConfig({ ...system.env, CORS_ORIGINS: corsOf('customer-api') }), silent);
  });
  afterAll(async () => {
    await Promise.all([admin?.stop(), customer?.stop()]);
  });

  const preflight = (api: RunningApi, path: string, origin: string) =>
    fetch(`${api.url}${path}`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });

  it('lets the staff app (http://127.0.0.1:5173) call the admin API, and neither the customer app nor another origin', async () => {
    expect(appOrigins.staff).toBe('http://127.0.0.1:5173');
    const allowed = await preflight(admin, '/auth/sign-up', appOrigins.staff);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(appOrigins.staff);
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    for (const origin of [appOrigins.customer, 'http://127.0.0.1:5175', 'http://localhost:5173']) {
      expect((await preflight(admin, '/auth/sign-up', origin)).headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('lets the customer app (http://127.0.0.1:5174) call the customer API, and neither the staff app nor another origin', async () => {
    expect(appOrigins.customer).toBe('http://127.0.0.1:5174');
    const allowed = await preflight(customer, '/auth/register', appOrigins.customer);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(appOrigins.customer);
    for (const origin of [appOrigins.staff, 'https://evil.example']) {
      expect((await preflight(customer, '/auth/register', origin)).headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});

describe('request size', () => {
  it('refuses a body over 100 kB with 413 problem+json before any handler runs', async () => {
    const token = await system.staffToken(`big-${crypto.randomUUID()}@cafe.test`);
    const response = await call(system.admin.url, 'POST', '/businesses', { token, body: { name: 'x'.repeat(150_000) } });
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });
});

describe('an unexpected failure', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const api = new ApiRouter<object>({ title: 'failing', version: '1' }, { tags: { test: 'A route that fails' } }).add({
      method: 'get',
      path: '/boom',
      operationId: 'failLikeABug',
      summary: 'fails the way a bug would',
      description: 'Throws what a database error would.',
      tags: ['test'],
      responses: { 200: { description: 'never' } },
      handle: () => {
        throw new Error('duplicate key value violates unique constraint "cards_pkey": Key (id)=(7d1f0c52-3b1e-4a8e-9a57-0d2c44f1e0aa)');
      },
    });
    const app = createHttpApp(createLogger('hardening-test', 'silent'), {}, api, 'failing');
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers 500 problem+json with a correlation id and no stack, message or internal id', async () => {
    const response = await fetch(`${url}/boom`);
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(JSON.parse(text)).toMatchObject({ code: 'INTERNAL', status: 500, correlationId: expect.any(String) });
    expect(text).not.toMatch(/cards_pkey|7d1f0c52|duplicate key|\bat \S+ \(|\.ts:\d+|stack/i);
  });
});
