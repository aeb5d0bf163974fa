import { randomBytes, randomUUID } from 'node:crypto';
import { signCardQr } from '@loyalty/contracts';
import { call } from '../support/http.js';
import { setUpPointsProgram, type StampShop } from '../support/stamp-program.js';
import { startSystem, type System } from '../support/system.js';

/**
 * Every route of both APIs, as their /openapi.json lists them, called by every kind of caller. A
 * route missing from the tables below fails the test, so a new route cannot skip this review.
 */

type Caller = 'owner' | 'admin' | 'manager' | 'cashier' | 'storeCashier' | 'customer' | 'otherCustomer' | 'otherOwner' | 'apiKey' | 'anonymous';
const callers: Caller[] = ['owner', 'admin', 'manager', 'cashier', 'storeCashier', 'customer', 'otherCustomer', 'otherOwner', 'apiKey', 'anonymous'];

const OWNER_ADMIN: Caller[] = ['owner', 'admin'];
const CONFIGURE: Caller[] = ['owner', 'admin', 'manager'];
const STAFF: Caller[] = ['owner', 'admin', 'manager', 'cashier', 'storeCashier'];
/** The store-scoped cashier works at the second store; the sample transaction and card live at the first. */
const AT_FIRST_STORE: Caller[] = ['owner', 'admin', 'manager', 'cashier'];
/** Any signed-in staff-pool user, member of a business or not: founding a business, listing one's own. */
const ANY_STAFF_USER: Caller[] = [...STAFF, 'otherOwner'];
const CUSTOMERS: Caller[] = ['customer', 'otherCustomer'];

interface World {
  shop: StampShop;
  otherStoreId: string;
  rewardId: string;
  transactionId: string;
  memberSub: string;
  keyId: string;
  exportId: string;
  tokens: Record<Caller, Record<string, string>>;
}

interface Expectation {
  /** Who gets through; everyone else must get 401, 403 or 404. `public`: no token needed at all. */
  allowed: Caller[] | 'public';
  body?: (world: World) => unknown;
  query?: (world: World) => string;
  /** The route reaches only the caller's own account, so its 404 means "you have none", not "not yours". */
  absentIsAnAnswer?: boolean;
  /** Path parameters made fresh for each call, for routes that use up what they act on. */
  fresh?: (world: World) => Promise<Record<string, string>>;
}

const name = () => `Name ${randomBytes(3).toString('hex')}`;
const pos = () => `pos-${randomBytes(4).toString('hex')}`;
const email = () => `matrix-${randomBytes(4).toString('hex')}@cafe.test`;

let system: System;

async function created(path: string, token: string, body: unknown): Promise<string> {
  const answer = await call<{ id: string }>(system.admin.url, 'POST', path, { token, body });
  if (answer.status !== 201) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.id;
}

const adminRoutes: Record<string, Expectation> = {
  'POST /auth/sign-in': { allowed: 'public' },
  'POST /auth/challenge': { allowed: 'public' },
  'POST /auth/refresh': { allowed: 'public' },
  'POST /auth/sign-up': { allowed: 'public' },
  'POST /auth/confirm': { allowed: 'public' },
  'POST /auth/resend-code': { allowed: 'public' },
  'POST /auth/sign-out': { allowed: ANY_STAFF_USER, body: () => ({}) },
  'POST /businesses': { allowed: ANY_STAFF_USER, body: () => ({ name: name() }) },
  'GET /me/businesses': { allowed: ANY_STAFF_USER },
  'GET /businesses/{businessId}': { allowed: STAFF },
  'PATCH /businesses/{businessId}': { allowed: OWNER_ADMIN, body: () => ({ name: name() }) },
  'POST /businesses/{businessId}/brands': { allowed: OWNER_ADMIN, body: () => ({ name: name() }) },
  'GET /businesses/{businessId}/brands': { allowed: STAFF },
  'GET /businesses/{businessId}/brands/{brandId}': { allowed: STAFF },
  'PATCH /businesses/{businessId}/brands/{brandId}': { allowed: OWNER_ADMIN, body: () => ({ category: 'Coffee' }) },
  'POST /businesses/{businessId}/stores': { allowed: OWNER_ADMIN, body: (w) => ({ brandId: w.shop.brandId, name: name(), timeZone: 'Europe/Berlin' }) },
  'GET /businesses/{businessId}/stores': { allowed: STAFF },
  'GET /businesses/{businessId}/stores/{storeId}': { allowed: STAFF },
  'PATCH /businesses/{businessId}/stores/{storeId}': { allowed: OWNER_ADMIN, body: () => ({ name: 'Main street' }) },
  'POST /businesses/{businessId}/programs': {
    allowed: CONFIGURE,
    body: (w) => ({ brandId: w.shop.brandId, kind: 'stamp', name: name(), rules: { stampsRequired: 5, rewardDescription: 'A coffee' } }),
  },
  'GET /businesses/{businessId}/programs': { allowed: STAFF },
  'GET /businesses/{businessId}/programs/{programId}': { allowed: STAFF },
  'PATCH /businesses/{businessId}/programs/{programId}': { allowed: CONFIGURE, body: () => ({ name: 'Cafe Points' }) },
  'POST /businesses/{businessId}/programs/{programId}/activate': { allowed: CONFIGURE, fresh: draftProgram },
  'POST /businesses/{businessId}/programs/{programId}/pause': { allowed: CONFIGURE, fresh: draftProgram },
  'POST /businesses/{businessId}/programs/{programId}/resume': { allowed: CONFIGURE, fresh: draftProgram },
  'POST /businesses/{businessId}/programs/{programId}/end': { allowed: CONFIGURE, fresh: draftProgram },
  'POST /businesses/{businessId}/programs/{programId}/rewards': { allowed: CONFIGURE, body: () => ({ name: name(), cost: 10 }) },
  'GET /businesses/{businessId}/programs/{programId}/rewards': { allowed: STAFF },
  'GET /businesses/{businessId}/programs/{programId}/rewards/{rewardId}': { allowed: STAFF },
  'PATCH /businesses/{businessId}/programs/{programId}/rewards/{rewardId}': { allowed: CONFIGURE, body: () => ({ cost: 12 }) },
  'DELETE /businesses/{businessId}/programs/{programId}/rewards/{rewardId}': {
    allowed: CONFIGURE,
    fresh: async (w) => ({
      rewardId: await created(`/businesses/${w.shop.businessId}/programs/${w.shop.programId}/rewards`, w.shop.staffToken, { name: name(), cost: 5 }),
    }),
  },
  'POST /businesses/{businessId}/staff': { allowed: OWNER_ADMIN, body: () => ({ username: email(), cognitoSub: randomUUID(), role: 'cashier' }) },
  'GET /businesses/{businessId}/staff': { allowed: OWNER_ADMIN },
  'PATCH /businesses/{businessId}/staff/{cognitoSub}': { allowed: OWNER_ADMIN, body: () => ({ storeIds: null }) },
  'DELETE /businesses/{businessId}/staff/{cognitoSub}': { allowed: OWNER_ADMIN, fresh: async (w) => ({ cognitoSub: await addMember(w.shop, 'cashier') }) },
  'POST /businesses/{businessId}/staff/invitations': { allowed: OWNER_ADMIN, body: () => ({ email: email(), role: 'cashier' }) },
  'POST /businesses/{businessId}/stores/{storeId}/api-keys': { allowed: OWNER_ADMIN, body: () => ({ name: 'Till' }) },
  'GET /businesses/{businessId}/stores/{storeId}/api-keys': { allowed: OWNER_ADMIN },
  'DELETE /businesses/{businessId}/stores/{storeId}/api-keys/{keyId}': { allowed: OWNER_ADMIN },
  'GET /businesses/{businessId}/cards/lookup': {
    allowed: STAFF,
    query: (w) => `qr=${encodeURIComponent(signCardQr(w.shop.cardId, system.env.QR_SIGNING_SECRET!))}`,
  },
  'POST /businesses/{businessId}/transactions': {
    allowed: [...AT_FIRST_STORE, 'apiKey'],
    body: (w) => ({ kind: 'purchase', posTransactionId: pos(), cardId: w.shop.cardId, storeId: w.shop.storeId, amount: 3_00, currency: 'EUR' }),
  },
  'GET /businesses/{businessId}/transactions/{transactionId}': { allowed: [...AT_FIRST_STORE, 'apiKey'] },
  // Business-wide figures: a store-limited member must name a store of theirs, and may compare only theirs.
  'GET /businesses/{businessId}/analytics/summary': { allowed: AT_FIRST_STORE, query: () => 'from=2026-01-01&to=2026-01-31' },
  'GET /businesses/{businessId}/analytics/stores': { allowed: STAFF, query: () => 'from=2026-01-01&to=2026-01-31' },
  'GET /businesses/{businessId}/analytics/customers': { allowed: AT_FIRST_STORE, query: (w) => `programId=${w.shop.programId}` },
  'GET /businesses/{businessId}/cards/{cardId}/transactions': { allowed: STAFF },
  'POST /businesses/{businessId}/exports': { allowed: OWNER_ADMIN, body: () => ({ kind: 'ledger', format: 'csv' }) },
  'GET /businesses/{businessId}/exports': { allowed: OWNER_ADMIN },
  'GET /businesses/{businessId}/audit': { allowed: OWNER_ADMIN },
  'GET /businesses/{businessId}/exports/{exportId}': { allowed: OWNER_ADMIN },
  'POST /businesses/{businessId}/campaigns': { allowed: OWNER_ADMIN, body: (w) => ({ programId: w.shop.programId, subject: 'News', body: 'Hi {{name}}' }) },
  'POST /businesses/{businessId}/campaigns/{campaignId}/start': { allowed: OWNER_ADMIN, fresh: draftCampaign },
  'GET /businesses/{businessId}/campaigns/{campaignId}': { allowed: OWNER_ADMIN, fresh: draftCampaign },
};

const customerRoutes: Record<string, Expectation> = {
  'POST /auth/register': { allowed: 'public' },
  'POST /unsubscribe/{token}': { allowed: 'public' },
  'POST /auth/confirm': { allowed: 'public' },
  'POST /auth/resend-code': { allowed: 'public' },
  'POST /auth/sign-in': { allowed: 'public' },
  'POST /auth/mfa': { allowed: 'public' },
  'POST /auth/refresh': { allowed: 'public' },
  'POST /auth/forgot-password': { allowed: 'public' },
  'POST /auth/reset-password': { allowed: 'public' },
  'POST /auth/social/token': { allowed: 'public' },
  'POST /auth/sign-out': { allowed: CUSTOMERS, body: () => ({}) },
  'POST /me/mfa/totp': { allowed: CUSTOMERS },
  'POST /me/mfa/totp/verify': { allowed: CUSTOMERS, body: () => ({ code: '000000' }) },
  'DELETE /me/mfa': { allowed: CUSTOMERS },
  'GET /me/identities': { allowed: CUSTOMERS },
  'POST /me/identities': { allowed: CUSTOMERS, body: () => ({ provider: 'Google', idToken: 'header.payload.signature' }) },
  'DELETE /me/identities/{provider}': { allowed: CUSTOMERS, absentIsAnAnswer: true },
  'GET /me/sessions': { allowed: CUSTOMERS },
  'DELETE /me/sessions/{sessionId}': { allowed: CUSTOMERS, absentIsAnAnswer: true },
  'GET /me': { allowed: CUSTOMERS },
  'PATCH /me': { allowed: CUSTOMERS, body: () => ({ locale: 'de-DE' }) },
  'DELETE /me': { allowed: CUSTOMERS },
  'GET /me/consents': { allowed: CUSTOMERS },
  'PUT /me/consents': { allowed: CUSTOMERS, body: () => ({ email: true }) },
  'GET /brands/{brandId}/programs': { allowed: CUSTOMERS },
  'GET /programs': { allowed: CUSTOMERS },
  'POST /me/cards': { allowed: CUSTOMERS, body: (w) => ({ programId: w.shop.programId }) },
  'GET /me/cards': { allowed: CUSTOMERS },
  'GET /me/cards/{cardId}': { allowed: ['customer'] },
  'GET /me/cards/{cardId}/qr': { allowed: ['customer'] },
  'GET /me/cards/{cardId}/transactions': { allowed: ['customer'] },
  'POST /me/cards/{cardId}/redemption-codes': { allowed: ['customer'], body: (w) => ({ catalogRewardId: w.rewardId }) },
  'GET /me/rewards': { allowed: CUSTOMERS },
  'POST /me/exports': { allowed: CUSTOMERS },
  'GET /me/exports/{exportId}': {
    allowed: ['customer'],
    fresh: async (w) => ({ exportId: (await call<{ id: string }>(system.customer.url, 'POST', '/me/exports', { headers: w.tokens.customer })).body.id }),
  },
};

/** Routes that end the caller's own session or account act on a throwaway account, not the shared one. */
const spendsTheCaller = new Set(['POST /auth/sign-out', 'DELETE /me']);

async function draftProgram(w: World): Promise<Record<string, string>> {
  const programId = await created(`/businesses/${w.shop.businessId}/programs`, w.shop.staffToken, {
    brandId: w.shop.brandId,
    kind: 'stamp',
    name: name(),
    rules: { stampsRequired: 5, rewardDescription: 'A coffee' },
  });
  return { programId };
}

async function addMember(shop: StampShop, role: string): Promise<string> {
  const sub = randomUUID();
  const added = await call(system.admin.url, 'POST', `/businesses/${shop.businessId}/staff`, {
    token: shop.staffToken,
    body: { username: email(), cognitoSub: sub, role },
  });
  if (added.status !== 201) throw new Error(`adding a ${role}: ${added.status}`);
  return sub;
}

/** A signed-in staff user who is a member of the shop's business with this role. */
async function staffHeaders(shop: StampShop, role: string, storeIds: string[] | null = null): Promise<Record<string, string>> {
  const address = email();
  const token = await system.staffToken(address, [role]);
  const { sub } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string };
  const added = await call(system.admin.url, 'POST', `/businesses/${shop.businessId}/staff`, {
    token: shop.staffToken,
    body: { username: address, cognitoSub: sub, role, storeIds },
  });
  if (added.status !== 201) throw new Error(`adding a ${role}: ${added.status}`);
  return { authorization: `Bearer ${token}` };
}

async function throwawayHeaders(caller: Caller, world: World): Promise<Record<string, string>> {
  if (caller === 'customer' || caller === 'otherCustomer') return { authorization: `Bearer ${await system.customerToken(email())}` };
  if (STAFF.includes(caller) || caller === 'otherOwner') return { authorization: `Bearer ${await system.staffToken(email(), ['owner'])}` };
  return world.tokens[caller];
}

function fill(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = params[key];
    if (value === undefined) throw new Error(`no sample value for {${key}} in ${template}`);
    return encodeURIComponent(value);
  });
}

/** Allowed: anything but a refusal of who is calling. Denied: 401, 403 or 404 (another tenant's ids do not exist). */
function verdict(status: number, code: unknown): 'allowed' | 'denied' {
  const refused = status === 403 || status === 404 || (status === 401 && code === 'UNAUTHORIZED');
  return refused ? 'denied' : 'allowed';
}

async function routesOf(baseUrl: string): Promise<string[]> {
  const document = await call<{ paths: Record<string, Record<string, unknown>> }>(baseUrl, 'GET', '/openapi.json');
  return Object.entries(document.body.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
}

async function walk(baseUrl: string, table: Record<string, Expectation>, world: World): Promise<string[]> {
  const problems: string[] = [];
  const routes = await routesOf(baseUrl);
  for (const route of routes) {
    const expectation = table[route];
    if (!expectation) {
      problems.push(`${route}: no expectation; add it to the authorization matrix`);
      continue;
    }
    const [method, template] = route.split(' ') as [string, string];
    const params: Record<string, string> = {
      businessId: world.shop.businessId,
      brandId: world.shop.brandId,
      storeId: world.shop.storeId,
      programId: world.shop.programId,
      rewardId: world.rewardId,
      cardId: world.shop.cardId,
      transactionId: world.transactionId,
      cognitoSub: world.memberSub,
      keyId: world.keyId,
      exportId: world.exportId,
      provider: 'Google',
      sessionId: randomUUID(),
      token: 'not-a-signed-unsubscribe-token',
    };
    if (expectation.allowed === 'public') {
      const answer = await call(baseUrl, method, fill(template, params), { body: {} });
      if (answer.status !== 400) problems.push(`${route} (public) without a token and with an empty body: ${answer.status}, expected 400`);
      continue;
    }
    for (const caller of callers) {
      const fresh = expectation.fresh ? await expectation.fresh(world) : {};
      const path = fill(template, { ...params, ...fresh }) + (expectation.query ? `?${expectation.query(world)}` : '');
      const headers = spendsTheCaller.has(route) ? await throwawayHeaders(caller, world) : world.tokens[caller];
      const body = expectation.body?.(world);
      const answer = await call<{ code?: string }>(baseUrl, method, path, { headers, ...(body !== undefined ? { body } : {}) });
      const expected = expectation.allowed.includes(caller) ? 'allowed' : 'denied';
      const actual = expectation.absentIsAnAnswer && answer.status === 404 ? 'allowed' : verdict(answer.status, answer.body.code);
      if (actual !== expected) problems.push(`${route} as ${caller}: ${answer.status} ${answer.body.code ?? ''}, expected ${expected}`);
    }
  }
  return problems;
}

let world: World;

async function draftCampaign(w: World): Promise<Record<string, string>> {
  return {
    campaignId: await created(`/businesses/${w.shop.businessId}/campaigns`, w.shop.staffToken, { programId: w.shop.programId, subject: 'News', body: 'Hi' }),
  };
}

beforeAll(async () => {
  system = await startSystem({ processors: false });
  const shop = await setUpPointsProgram(system, { currency: 'EUR', pointsPerUnit: 1 });
  const other = await setUpPointsProgram(system, { currency: 'EUR', pointsPerUnit: 1 });
  const otherStoreId = await created(`/businesses/${shop.businessId}/stores`, shop.staffToken, {
    brandId: shop.brandId,
    name: 'Station',
    timeZone: 'Europe/Berlin',
  });
  const rewardId = await created(`/businesses/${shop.businessId}/programs/${shop.programId}/rewards`, shop.staffToken, { name: 'Cookie', cost: 5 });
  const recorded = await call<{ id: string }>(system.admin.url, 'POST', `/businesses/${shop.businessId}/transactions`, {
    token: shop.staffToken,
    body: { kind: 'purchase', posTransactionId: pos(), cardId: shop.cardId, storeId: shop.storeId, amount: 10_00, currency: 'EUR' },
  });
  if (recorded.status !== 202) throw new Error(`recording the sample transaction: ${recorded.status}`);
  const key = async () =>
    (
      await call<{ id: string; key: string }>(system.admin.url, 'POST', `/businesses/${shop.businessId}/stores/${shop.storeId}/api-keys`, {
        token: shop.staffToken,
        body: { name: 'Till' },
      })
    ).body;
  const requested = await call<{ id: string }>(system.admin.url, 'POST', `/businesses/${shop.businessId}/exports`, {
    token: shop.staffToken,
    body: { kind: 'transactions', format: 'csv' },
  });
  if (requested.status !== 202) throw new Error(`requesting the sample export: ${requested.status}`);
  const posKey = await key();
  const targetKey = await key();
  world = {
    shop,
    otherStoreId,
    rewardId,
    transactionId: recorded.body.id,
    keyId: targetKey.id,
    exportId: requested.body.id,
    memberSub: await addMember(shop, 'cashier'),
    tokens: {
      owner: { authorization: `Bearer ${shop.staffToken}` },
      admin: await staffHeaders(shop, 'admin'),
      manager: await staffHeaders(shop, 'manager'),
      cashier: await staffHeaders(shop, 'cashier'),
      storeCashier: await staffHeaders(shop, 'cashier', [otherStoreId]),
      customer: { authorization: `Bearer ${shop.customerToken}` },
      otherCustomer: { authorization: `Bearer ${other.customerToken}` },
      otherOwner: { authorization: `Bearer ${other.staffToken}` },
      apiKey: { authorization: `ApiKey ${posKey.key}` },
      anonymous: {},
    },
  };
});

afterAll(async () => {
  await system?.stop();
});

describe('authorization matrix', () => {
  it('admin API: every route allows exactly the callers it should, and no tenant reaches another', async () => {
    expect(await walk(system.admin.url, adminRoutes, world)).toEqual([]);
    // Every admin route as every caller: about 20 s on this 2-core machine, more when it is shared.
  }, 90_000);

  it('customer API: every route serves only customers, and a card only its owner', async () => {
    expect(await walk(system.customer.url, customerRoutes, world)).toEqual([]);
  });
});
