import { waitFor } from '@loyalty/testing';
import { computeInsights } from '../../services/analytics/src/use-cases/compute-insights.js';
import { call } from '../support/http.js';
import { startSystem, type System } from '../support/system.js';
import { setUpPointsProgram, type StampShop } from '../support/stamp-program.js';

let system: System;
let shop: StampShop;
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
const yesterday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(Date.now() - 86_400_000);

beforeAll(async () => {
  system = await startSystem({ env: { RATE_LIMIT_ANALYTICS: '25/3600' } });
  shop = await setUpPointsProgram(system, { currency: 'EUR', pointsPerUnit: 2 });
  for (const [pos, amount] of [
    ['p-1', 1250],
    ['p-2', 3000],
  ] as const) {
    const answer = await call(system.admin.url, 'POST', `/businesses/${shop.businessId}/transactions`, {
      token: shop.staffToken,
      headers: { prefer: 'wait=5' },
      body: { kind: 'purchase', cardId: shop.cardId, storeId: shop.storeId, posTransactionId: pos, amount, currency: 'EUR' },
    });
    expect(answer.status).toBe(200);
  }
});
afterAll(async () => {
  await system?.stop();
});

const get = (path: string, token = shop.staffToken) =>
  call<Record<string, unknown>>(system.admin.url, 'GET', `/businesses/${shop.businessId}/analytics${path}`, { token });
const subOf = (token: string): string => (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string }).sub;

test('the summary totals the purchases of the range, with every day of it in byDay', async () => {
  const path = `/summary?from=${yesterday()}&to=${today()}`;
  const summary = await waitFor(
    async () => {
      const answer = await get(path);
      return answer.body.purchases === 2 ? answer : undefined;
    },
    { timeoutMs: 10_000, description: 'both purchases counted' },
  );
  expect(summary.status).toBe(200);
  expect(summary.body).toMatchObject({ purchases: 2, purchaseAmount: 4250, pointsEarned: 85, newCards: 1, activeCustomers: 1, visits: 0, storeId: null });
  const byDay = summary.body.byDay as { day: string; purchases: number }[];
  expect(byDay.map((day) => day.day)).toEqual([yesterday(), today()]);
  expect(byDay.reduce((sum, day) => sum + day.purchases, 0)).toBe(2);

  const otherStore = await get(`/summary?from=${today()}&to=${today()}&storeId=${crypto.randomUUID()}`);
  expect(otherStore.body).toMatchObject({ purchases: 0, activeCustomers: 0 });
});

test('the stores comparison lists the store with its figures and the enrolment at no store', async () => {
  const answer = await get(`/stores?from=${yesterday()}&to=${today()}`);
  expect(answer.status).toBe(200);
  expect(answer.body.stores).toEqual([
    expect.objectContaining({ storeId: shop.storeId, name: 'Main street', purchases: 2, purchaseAmount: 4250, newCards: 0, activeCustomers: 1 }),
    expect.objectContaining({ storeId: null, name: null, purchases: 0, newCards: 1 }),
  ]);
});

test('customer insights come from the scheduled job: empty before it runs, then segments and the points liability', async () => {
  const before = await get(`/customers?programId=${shop.programId}`);
  expect(before.status).toBe(200);
  expect(before.body).toMatchObject({ computedAt: null, cards: 0 });

  await computeInsights(system.admin.orm.em.fork(), new Date(), [shop.businessId]);
  const after = await get(`/customers?programId=${shop.programId}`);
  expect(after.body).toMatchObject({
    cards: 1,
    segments: { new: 1, active: 0, champions: 0, atRisk: 0, lapsed: 0 },
    visitFrequency: expect.arrayContaining([{ bucket: '2-3', cards: 1 }]),
    rewardRedemptionRate: null,
    pointsLiability: { outstandingPoints: 85, value: 4250, currency: 'EUR' },
  });
  expect(typeof after.body.computedAt).toBe('string');
});

test('bad ranges answer 400, other tenants 404, a store-limited member must name their store', async () => {
  expect((await get(`/summary?from=${today()}&to=${yesterday()}`)).status).toBe(400);
  expect((await get('/summary?from=2026-01-01&to=2027-06-01')).status).toBe(400);
  expect((await get('/summary?from=yesterday&to=today')).status).toBe(400);

  const stranger = await system.staffToken(`stranger-${crypto.randomUUID()}@cafe.test`);
  expect((await get(`/summary?from=${today()}&to=${today()}`, stranger)).status).toBe(404);

  const limitedEmail = `limited-${crypto.randomUUID()}@cafe.test`;
  const limited = await system.staffToken(limitedEmail, ['manager']);
  await system.admin.orm.em
    .fork()
    .execute("insert into business.staff_members (business_id, cognito_sub, username, role, store_ids) values (?, ?, ?, 'manager', ?::uuid[])", [
      shop.businessId,
      subOf(limited),
      limitedEmail,
      `{${shop.storeId}}`,
    ]);
  const everywhere = await get(`/summary?from=${today()}&to=${today()}`, limited);
  expect(everywhere.status).toBe(403);
  expect(everywhere.body.code).toBe('STORE_NOT_ALLOWED');
  expect((await get(`/summary?from=${today()}&to=${today()}&storeId=${shop.storeId}`, limited)).status).toBe(200);
  expect((await get(`/customers?programId=${shop.programId}`, limited)).status).toBe(403);
});

test('analytics is rate-limited per business with its own limit, answered 429 with Retry-After', async () => {
  const statuses: number[] = [];
  let limited: Awaited<ReturnType<typeof get>> | undefined;
  for (let i = 0; i < 30 && !limited; i += 1) {
    const answer = await get(`/summary?from=${today()}&to=${today()}`);
    statuses.push(answer.status);
    if (answer.status === 429) limited = answer;
  }
  expect(limited?.body.code).toBe('RATE_LIMITED');
  expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(limited?.headers.get('ratelimit-limit')).toBe('25');
  // Other reads of the business are not charged to the analytics limit.
  expect((await call(system.admin.url, 'GET', `/businesses/${shop.businessId}/stores`, { token: shop.staffToken })).status).toBe(200);
});
