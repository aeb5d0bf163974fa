import { createHash, randomBytes } from 'node:crypto';
import { securityEvents } from '../support/audit.js';
import { call, type JsonResponse } from '../support/http.js';
import { setUpPointsProgram, type StampShop } from '../support/stamp-program.js';
import { startSystem, type System } from '../support/system.js';

let system: System;
beforeAll(async () => {
  system = await startSystem();
});
afterAll(async () => {
  await system?.stop();
});

interface IssuedKey {
  id: string;
  key: string;
  prefix: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const pos = () => `pos-${randomBytes(4).toString('hex')}`;

async function issueKey(shop: StampShop, storeId = shop.storeId, token = shop.staffToken): Promise<JsonResponse<IssuedKey & { code?: string }>> {
  return call<IssuedKey & { code?: string }>(system.admin.url, 'POST', `/businesses/${shop.businessId}/stores/${storeId}/api-keys`, {
    token,
    body: { name: 'Till 1' },
  });
}

function purchaseWithKey(shop: StampShop, key: string, storeId = shop.storeId, headers: Record<string, string> = { authorization: `ApiKey ${key}` }) {
  return call<{ id: string; status: string; code?: string }>(system.admin.url, 'POST', `/businesses/${shop.businessId}/transactions`, {
    headers: { ...headers, prefer: 'wait=10' },
    body: { kind: 'purchase', posTransactionId: pos(), cardId: shop.cardId, storeId, amount: 10_00, currency: 'EUR' },
  });
}

async function secondStore(shop: StampShop): Promise<string> {
  const store = await call<{ id: string }>(system.admin.url, 'POST', `/businesses/${shop.businessId}/stores`, {
    token: shop.staffToken,
    body: { brandId: shop.brandId, name: 'Station', timeZone: 'Europe/Berlin' },
  });
  expect(store.status).toBe(201);
  return store.body.id;
}

describe('POS API keys', () => {
  it('are shown once at issue and kept only as a hash', async () => {
    const shop = await setUpPointsProgram(system, { currency: 'EUR', pointsPerUnit: 1 });
    const issued = await issueKey(shop);
    expect(issued.status).toBe(201);
    expect(issued.body.key).toMatch(/^lpk_[0-9a-f-]{36}_[A-Za-z0-9_-]{43}$/);
    expect(issued.body.key.startsWith(issued.body.prefix)).toBe(true);

    const listed = await call<{ items: Record<string, unknown>[] }>(system.admin.url, 'GET', `/businesses/${shop.businessId}/stores/${shop.storeId}/api-keys`, {
      token: shop.staffToken,
    });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: issued.body.id, prefix: issued.body.prefix, name: 'Till 1', lastUsedAt: null, revokedAt: null }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(issued.body.key.slice(-43));

    const [row] = await system.admin.orm.em
      .fork()
      .execute<{ secret_hash: string }[]>(`select secret_hash from business.api_keys where id = ?`, [issued.body.id]);
    expect(row?.secret_hash).toBe(createHash('sha256').update(issued.body.key.slice(-43)).digest('base64url'));

    const audit = await securityEvents(system, 'api_key.issued');
    expect(audit).toContainEqual(
      expect.objectContaining({ business_id: shop.businessId, payload: expect.objectContaining({ subject: { type: 'api_key', id: issued.body.id } }) }),
    );
  });

  it('record purchases at their own store only, read them back, and reach no other route', async () => {
    const shop = await setUpPointsProgram(system, { currency: 'EUR', pointsPerUnit: 1 });
    const otherStoreId = await secondStore(shop);
    const { body: issued } = await issueKey(shop);

    const bought = await purchaseWithKey(shop, issued.key);
    expect(bought.status).toBe(200);
    expect(bought.body.status).toBe('applied');
    const viaHeader = await purchaseWithKey(shop, issued.key, shop.storeId, { 'x-api-key': issued.key });
    expect(viaHeader.status).toBe(200);
    const readBack = await call(system.admin.url, 'GET', `/businesses/${shop.businessId}/transactions/${bought.body.id}`, {
      headers: { 'x-api-key': issued.key },
    });
    expect(readBack.status).toBe(200);

    const elsewhere = await purchaseWithKey(shop, issued.key, otherStoreId);
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.code).toBe('STORE_NOT_ALLOWED');

    const keyHeaders = { 'x-api-key': issued.key };
    const configure = await call(system.admin.url, 'POST', `/businesses/${shop.businessId}/brands`, { headers: keyHeaders, body: { name: 'Sneaky' } });
    expect(configure.status).toBe(403);
    expect(configure.body.code).toBe('API_KEY_NOT_ALLOWED');
    const lookUp = await call(system.admin.url, 'GET', `/businesses/${shop.businessId}/stores`, { headers: keyHeaders });
    expect(lookUp.status).toBe(403);
    const moreKeys = await call(system.admin.url, 'POST', `/businesses/${shop.businessId}/stores/${shop.storeId}/api-keys`, {
      headers: keyHeaders,
      body: { name: 'Another till' },
    });
    expect(moreKeys.status).toBe(403);

    const otherShop = await setUpPointsProgram(system, { currency: 'EUR', pointsPerUnit: 1 });
    const crossTenant = await call(system.admin.url, 'POST', `/businesses/${otherShop.businessId}/transactions`, {
      headers: keyHeaders,
      body: { kind: 'purchase', posTransactionId: pos(), cardId: otherShop.cardId, storeId: otherShop.storeId, amount: 5_00, currency: 'EUR' },
    });
    expect(crossTenant.status).toBe(404);

    const listed = await call<{ items: IssuedKey[] }>(system.admin.url, 'GET', `/businesses/${shop.businessId}/stores/${shop.storeId}/api-keys`, {
      token: shop.staffToken,
    });
    expect(Date.parse(listed.body.items[0]?.lastUsedAt ?? '')).toBeGreaterThan(Date.parse(issued.createdAt) - 1000);
  });

  it('stop working the moment they are revoked; unknown keys never work', async () => {
    const shop = await setUpPointsProgram(system, { currency: 'EUR', pointsPerUnit: 1 });
    const { body: issued } = await issueKey(shop);
    expect((await purchaseWithKey(shop, issued.key)).status).toBe(200);

    const revoked = await call(system.admin.url, 'DELETE', `/businesses/${shop.businessId}/stores/${shop.storeId}/api-keys/${issued.id}`, {
      token: shop.staffToken,
    });
    expect(revoked.status).toBe(204);
    const after = await purchaseWithKey(shop, issued.key);
    expect(after.status).toBe(401);

    const tampered = `${issued.key.slice(0, -1)}${issued.key.endsWith('A') ? 'B' : 'A'}`;
    const { body: fresh } = await issueKey(shop);
    expect((await purchaseWithKey(shop, `${fresh.key.slice(0, -1)}${fresh.key.endsWith('A') ? 'B' : 'A'}`)).status).toBe(401);
    expect((await purchaseWithKey(shop, tampered)).status).toBe(401);
    expect((await purchaseWithKey(shop, 'lpk_not-a-key')).status).toBe(401);

    const listed = await call<{ items: IssuedKey[] }>(system.admin.url, 'GET', `/businesses/${shop.businessId}/stores/${shop.storeId}/api-keys`, {
      token: shop.staffToken,
    });
    expect(listed.body.items.find((key) => key.id === issued.id)?.revokedAt).toEqual(expect.any(String));
    const audit = await securityEvents(system, 'api_key.revoked');
    expect(audit.map((event) => event.payload.subject?.id)).toContain(issued.id);
  });

  it('are issued by owners and admins only', async () => {
    const shop = await setUpPointsProgram(system, { currency: 'EUR', pointsPerUnit: 1 });
    const email = `cashier-${randomBytes(3).toString('hex')}@cafe.test`;
    const token = await system.staffToken(email, []);
    const { sub } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string };
    await call(system.admin.url, 'POST', `/businesses/${shop.businessId}/staff`, {
      token: shop.staffToken,
      body: { username: email, cognitoSub: sub, role: 'manager' },
    });
    expect((await issueKey(shop, shop.storeId, token)).status).toBe(403);
  });
});
