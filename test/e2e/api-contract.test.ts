import { call } from '../support/http.js';
import { startSystem, type System } from '../support/system.js';
import { setUpStampProgram, type StampShop } from '../support/stamp-program.js';

// No processors: recorded visits stay pending, which is what the Prefer: wait time-out case needs.
let system: System;
let shop: StampShop;
beforeAll(async () => {
  system = await startSystem({ processors: false });
  shop = await setUpStampProgram(system, { stampsRequired: 5, reward: 'Tea' });
});
afterAll(async () => {
  await system?.stop();
});

const visitBody = () => ({ kind: 'visit', cardId: shop.cardId, storeId: shop.storeId, posTransactionId: `pos-${crypto.randomUUID()}` });

describe('authentication', () => {
  it.each([
    ['no token', undefined],
    ['a malformed token', 'not-a-jwt'],
    ['a forged token', 'eyJhbGciOiJSUzI1NiIsImtpZCI6IngifQ.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'],
  ])('answers 401 problem+json for %s', async (_case, token) => {
    const response = await call(system.admin.url, 'POST', '/businesses', { token, body: { name: 'x' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
  });

  it('refuses a customer-pool token on the admin API and a staff token on the customer API', async () => {
    expect((await call(system.admin.url, 'POST', '/businesses', { token: shop.customerToken, body: { name: 'x' } })).status).toBe(401);
    expect((await call(system.customer.url, 'GET', '/me/cards', { token: shop.staffToken })).status).toBe(401);
  });
});

describe('tenancy and roles', () => {
  it("hides another business's data behind 404, for reads and writes", async () => {
    const other = await setUpStampProgram(system, { stampsRequired: 5, reward: 'Tea' });
    const write = await call(system.admin.url, 'POST', `/businesses/${shop.businessId}/transactions`, { token: other.staffToken, body: visitBody() });
    expect(write.status).toBe(404);
    const mine = await call<{ id: string }>(system.admin.url, 'POST', `/businesses/${shop.businessId}/transactions`, {
      token: shop.staffToken,
      body: visitBody(),
    });
    const read = await call(system.admin.url, 'GET', `/businesses/${shop.businessId}/transactions/${mine.body.id}`, { token: other.staffToken });
    expect(read.status).toBe(404);
    const crossCard = await call(system.admin.url, 'POST', `/businesses/${other.businessId}/transactions`, {
      token: other.staffToken,
      body: { ...visitBody(), storeId: other.storeId },
    });
    expect(crossCard.status).toBe(404);
    expect(crossCard.body).toMatchObject({ code: 'NOT_FOUND', detail: 'Card not found' });
  });

  it('makes whoever founds a business its owner, whatever their Cognito groups, and nobody else', async () => {
    const founder = await system.staffToken(`founder-${crypto.randomUUID()}@cafe.test`, ['cashier']);
    const founded = await call<{ id: string }>(system.admin.url, 'POST', '/businesses', { token: founder, body: { name: 'Own shop' } });
    expect(founded.status).toBe(201);
    const mine = await call<{ items: { id: string; role: string }[] }>(system.admin.url, 'GET', '/me/businesses', { token: founder });
    expect(mine.body.items).toEqual([expect.objectContaining({ id: founded.body.id, role: 'owner' })]);
    const brand = await call(system.admin.url, 'POST', `/businesses/${founded.body.id}/brands`, { token: founder, body: { name: 'Own brand' } });
    expect(brand.status).toBe(201);
    const intruder = await call(system.admin.url, 'GET', `/businesses/${founded.body.id}`, { token: shop.staffToken });
    expect(intruder.status).toBe(404);
  });
});

describe('input', () => {
  it('names every invalid field', async () => {
    const response = await call(system.admin.url, 'POST', `/businesses/${shop.businessId}/programs`, {
      token: shop.staffToken,
      body: { brandId: 'nope', name: '', kind: 'stamp', rules: { stampsRequired: 0 } },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    const fields = (response.body.errors as { path: string }[]).map((error) => error.path).sort();
    expect(fields).toEqual(['brandId', 'name', 'rules.rewardDescription', 'rules.stampsRequired']);
  });

  it('rejects malformed JSON and unknown time zones without a stack trace', async () => {
    const malformed = await fetch(`${system.admin.url}/businesses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${shop.staffToken}`, 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'MALFORMED_JSON' });
    const zone = await call(system.admin.url, 'POST', `/businesses/${shop.businessId}/stores`, {
      token: shop.staffToken,
      body: { brandId: shop.brandId, name: 'x', timeZone: 'Mars/Olympus' },
    });
    expect(zone.status).toBe(400);
    expect(JSON.stringify(zone.body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('answers unknown routes with problem+json 404 and wrong methods with 405', async () => {
    const missing = await call(system.admin.url, 'GET', '/nothing-here', { token: shop.staffToken });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
    const wrongMethod = await call(system.admin.url, 'DELETE', '/businesses', { token: shop.staffToken });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('Prefer: wait', () => {
  it('answers 202 with the pending transaction when the processor does not finish in time', async () => {
    const started = Date.now();
    const response = await call<{ status: string }>(system.admin.url, 'POST', `/businesses/${shop.businessId}/transactions`, {
      token: shop.staffToken,
      headers: { prefer: 'wait=1' },
      body: visitBody(),
    });
    expect(response.status).toBe(202);
    expect(response.body.status).toBe('pending');
    expect(response.headers.get('preference-applied')).toBe('wait=1');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});

describe('correlation', () => {
  it('echoes the caller correlation id and carries it into the outbox event', async () => {
    const response = await call<{ id: string }>(system.admin.url, 'POST', `/businesses/${shop.businessId}/transactions`, {
      token: shop.staffToken,
      headers: { 'x-correlation-id': 'till-7-receipt-42' },
      body: visitBody(),
    });
    expect(response.headers.get('x-correlation-id')).toBe('till-7-receipt-42');
    const [row] = await system.admin.orm.em
      .fork()
      .execute<{ headers: { correlationId: string } }[]>(`select headers from messaging.outbox where aggregate_id = ?`, [response.body.id]);
    expect(row?.headers.correlationId).toBe('till-7-receipt-42');
  });
});

describe('documentation', () => {
  it.each([['admin'], ['customer']] as const)('serves an OpenAPI 3.1 document and a docs page for the %s API', async (which) => {
    const base = system[which].url;
    const document = await call<{ openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown> }>> }>(
      base,
      'GET',
      '/openapi.json',
    );
    expect(document.status).toBe(200);
    expect(document.body.openapi).toBe('3.1.0');
    expect(Object.keys(document.body.paths).length).toBeGreaterThan(0);
    const page = await fetch(`${base}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/openapi.json');
    expect((await fetch(`${base}/docs/swagger-ui-bundle.js`)).status).toBe(200);
  });

  it('documents the visit endpoint with its request schema and problem answers', async () => {
    const { body } = await call<{
      paths: Record<string, Record<string, { requestBody: { content: Record<string, { schema: unknown }> }; responses: Record<string, unknown> }>>;
    }>(system.admin.url, 'GET', '/openapi.json');
    const visit = body.paths['/businesses/{businessId}/transactions']!.post!;
    expect(JSON.stringify(visit.requestBody.content['application/json']!.schema)).toContain('posTransactionId');
    expect(Object.keys(visit.responses)).toEqual(expect.arrayContaining(['200', '202', '400', '401', '404', '409']));
  });
});

describe('documented authentication', () => {
  it('marks sign-in endpoints public and describes the POS API key scheme', async () => {
    const admin = await call<{
      components: { securitySchemes: Record<string, { type: string }> };
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    }>(system.admin.url, 'GET', '/openapi.json');
    expect(Object.keys(admin.body.components.securitySchemes).sort()).toEqual(['apiKey', 'bearer']);
    expect(admin.body.paths['/auth/sign-in']!.post!.security).toEqual([]);
    expect(admin.body.paths['/businesses']!.post!.security).toBeUndefined();
    const customer = await call<{ paths: Record<string, Record<string, { security?: unknown[] }>> }>(system.customer.url, 'GET', '/openapi.json');
    expect(customer.body.paths['/auth/register']!.post!.security).toEqual([]);
    expect(customer.body.paths['/me']!.get!.security).toBeUndefined();
  });
});
