import { call, type JsonResponse } from '../support/http.js';
import { startSystem, type System } from '../support/system.js';
import { setUpStampProgram, type StampShop } from '../support/stamp-program.js';

// Small limits so a test can reach them; the same code runs with the production numbers by default.
let system: System;
let shop: StampShop;
beforeAll(async () => {
  system = await startSystem({
    processors: false,
    env: { RATE_LIMIT_AUTH: '3/60', RATE_LIMIT_TRANSACTIONS: '3/60', RATE_LIMIT_STANDARD: '100/3600', RATE_LIMIT_PRO: '1000/3600' },
  });
  shop = await setUpStampProgram(system, { stampsRequired: 5, reward: 'Tea' });
});
afterAll(async () => {
  await system?.stop();
});

function expectRateLimitHeaders(response: JsonResponse, limit: number, remaining: number): void {
  expect(response.headers.get('ratelimit-limit')).toBe(String(limit));
  expect(response.headers.get('ratelimit-remaining')).toBe(String(remaining));
  expect(Number(response.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
}

function expectRefused(response: JsonResponse, limit: number): void {
  expect(response.status).toBe(429);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(response.body).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expectRateLimitHeaders(response, limit, 0);
}

describe('transactions', () => {
  const visit = (storeId: string) => ({ kind: 'visit', cardId: shop.cardId, storeId, posTransactionId: `pos-${crypto.randomUUID()}` });

  it('takes a store limited number a minute, then answers 429 with Retry-After and RateLimit headers', async () => {
    const path = `/businesses/${shop.businessId}/transactions`;
    for (let i = 0; i < 3; i++) {
      const response = await call(system.admin.url, 'POST', path, { token: shop.staffToken, body: visit(shop.storeId) });
      expect(response.status).toBe(202);
      expectRateLimitHeaders(response, 3, 2 - i);
    }
    expectRefused(await call(system.admin.url, 'POST', path, { token: shop.staffToken, body: visit(shop.storeId) }), 3);
  });

  it("counts per store: another store's till still records", async () => {
    const secondStore = await call<{ id: string }>(system.admin.url, 'POST', `/businesses/${shop.businessId}/stores`, {
      token: shop.staffToken,
      body: { brandId: shop.brandId, name: 'Station', timeZone: 'Europe/Berlin' },
    });
    expect(secondStore.status).toBe(201);
    const response = await call(system.admin.url, 'POST', `/businesses/${shop.businessId}/transactions`, {
      token: shop.staffToken,
      body: visit(secondStore.body.id),
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('ratelimit-remaining')).toBe('2');
  });
});

describe('auth endpoints', () => {
  const signIn = (email: string, ip: string) =>
    call(system.customer.url, 'POST', '/auth/sign-in', { body: { email, password: 'Wrong-password-1' }, headers: { 'x-forwarded-for': ip } });

  it('limits each IP, whichever accounts it tries', async () => {
    for (let i = 0; i < 3; i++) expect((await signIn(`guess-${i}@example.com`, '203.0.113.10')).status).not.toBe(429);
    expectRefused(await signIn('guess-4@example.com', '203.0.113.10'), 3);
    expect((await signIn('guess-5@example.com', '203.0.113.11')).status).not.toBe(429);
  });

  it('limits each account, whichever IPs the attempts come from', async () => {
    for (let i = 0; i < 3; i++) expect((await signIn('Target@example.com', `198.51.100.${i}`)).status).not.toBe(429);
    expectRefused(await signIn('target@example.com', '198.51.100.99'), 3);
  });
});

describe('everything else', () => {
  it('counts per business, with the limit of its plan', async () => {
    const stores = `/businesses/${shop.businessId}/stores`;
    const standard = await call(system.admin.url, 'GET', stores, { token: shop.staffToken });
    expect(standard.status).toBe(200);
    expect(standard.headers.get('ratelimit-limit')).toBe('100');

    const created = await call<{ id: string }>(system.admin.url, 'POST', '/businesses', { token: shop.staffToken, body: { name: 'Big chain' } });
    expect(created.status).toBe(201);
    await system.admin.orm.em.fork().getConnection().execute(`update business.businesses set plan = 'pro' where id = ?`, [created.body.id]);
    const pro = await call(system.admin.url, 'GET', `/businesses/${created.body.id}/stores`, { token: shop.staffToken });
    expect(pro.status).toBe(200);
    expectRateLimitHeaders(pro, 1000, 999);
  });

  it('counts per customer on the customer API', async () => {
    const first = await call(system.customer.url, 'GET', '/me/cards', { token: shop.customerToken });
    const second = await call(system.customer.url, 'GET', '/me/cards', { token: shop.customerToken });
    expect(first.headers.get('ratelimit-limit')).toBe('100');
    expect(Number(second.headers.get('ratelimit-remaining'))).toBe(Number(first.headers.get('ratelimit-remaining')) - 1);
    const someoneElse = await call(system.customer.url, 'GET', '/me/cards', { token: await system.customerToken(`other-${crypto.randomUUID()}@example.com`) });
    expect(someoneElse.headers.get('ratelimit-remaining')).toBe('99');
  });
});
