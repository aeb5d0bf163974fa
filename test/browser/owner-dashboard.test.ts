import { randomBytes } from 'node:crypto';
import { waitFor } from '@loyalty/testing';
import type { Browser, Page } from 'playwright-core';
import { computeInsights } from '../../services/analytics/src/use-cases/compute-insights.js';
import { launchChromium, screenshot, seriousViolations } from '../support/browser.js';
import { call } from '../support/http.js';
import { startStaffApp, type StaffAppUnderTest } from '../support/staff-app.js';

let under: StaffAppUnderTest;
let launching: Promise<Browser>;
let page: Page;

beforeAll(async () => {
  launching = launchChromium();
  under = await startStaffApp();
}, 120_000);
afterAll(async () => {
  if (page) await screenshot(page, 'staff-dashboard-last');
  await (await launching.catch(() => undefined))?.close();
  await under?.stop();
});

async function screen(name: string): Promise<void> {
  await screenshot(page, `staff-${name}`);
  expect({ screen: name, violations: await seriousViolations(page) }).toEqual({ screen: name, violations: [] });
}

interface Shop {
  token: string;
  businessId: string;
  stores: { alexanderplatz: string; kreuzberg: string };
  programs: { stamps: string; points: string };
}

/** An owner's business with two stores, a 3-stamp program and a points program (2 points a euro), through the API. */
async function openShop(): Promise<Shop> {
  const { admin } = under.system;
  const token = await under.system.staffToken(`owner-${randomBytes(4).toString('hex')}@cafe.test`);
  const post = async (path: string, body?: unknown) => {
    const answer = await call(admin.url, 'POST', path, { token, body });
    if (answer.status !== 201 && answer.status !== 200) throw new Error(`POST ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return String(answer.body.id);
  };
  const businessId = await post('/businesses', { name: 'Crumb & Co' });
  const brandId = await post(`/businesses/${businessId}/brands`, { name: 'Bean There' });
  const store = (name: string) => post(`/businesses/${businessId}/stores`, { brandId, name, timeZone: 'Europe/Berlin' });
  const stores = { alexanderplatz: await store('Alexanderplatz'), kreuzberg: await store('Kreuzberg') };
  const stamps = await post(`/businesses/${businessId}/programs`, {
    brandId,
    kind: 'stamp',
    name: 'Coffee Club',
    rules: { stampsRequired: 3, rewardDescription: 'A free coffee' },
  });
  const points = await post(`/businesses/${businessId}/programs`, {
    brandId,
    kind: 'points',
    name: 'Cafe Points',
    rules: { currency: 'EUR', pointsPerUnit: 2 },
  });
  for (const programId of [stamps, points]) await post(`/businesses/${businessId}/programs/${programId}/activate`);
  return { token, businessId, stores, programs: { stamps, points } };
}

async function join(programId: string, customerToken: string): Promise<{ cardId: string; cardNumber: string }> {
  const { customer } = under.system;
  const joined = await call(customer.url, 'POST', '/me/cards', { token: customerToken, body: { programId } });
  const cardId = String(joined.body.id);
  const card = await call<{ cardNumber: string }>(customer.url, 'GET', `/me/cards/${cardId}`, { token: customerToken });
  return { cardId, cardNumber: card.body.cardNumber };
}

/** What a POS sends, waiting for the applied result. */
async function record(shop: Shop, body: Record<string, unknown>): Promise<void> {
  const answer = await call<{ status: string }>(under.system.admin.url, 'POST', `/businesses/${shop.businessId}/transactions`, {
    token: shop.token,
    headers: { prefer: 'wait=5' },
    body: { posTransactionId: crypto.randomUUID(), ...body },
  });
  expect({ status: answer.status, applied: answer.body.status }).toEqual({ status: 200, applied: 'applied' });
}

/** The figure shown under a term of a list of figures ("Totals", "Points liability"). */
async function figure(list: string, term: string): Promise<string> {
  return ((await page.locator(`dl[aria-label="${list}"] dt:text-is("${term}") + dd`).textContent()) ?? '').trim();
}

async function figures(list: string, terms: string[]): Promise<Record<string, string>> {
  return Object.fromEntries(await Promise.all(terms.map(async (term) => [term, await figure(list, term)])));
}

/** A chart's data table, read as a screen reader gets it: the row's header, then its cells. */
async function tableRows(name: string): Promise<string[][]> {
  const table = page.getByRole('table', { name });
  await table.waitFor({ state: 'attached' });
  return table.locator('tbody tr').evaluateAll((rows) => rows.map((row) => [...row.children].map((cell) => cell.textContent ?? '')));
}

const activity = ['Visits', 'Purchases', 'Purchase amount', 'Stamps issued', 'Points earned', 'Rewards unlocked', 'Rewards redeemed', 'Active customers'];

it('shows an owner what the counter recorded, per day, per store and per program, and follows the filters', async () => {
  const { admin } = under.system;
  const shop = await openShop();
  const ada = await under.system.customerToken(`ada-${randomBytes(4).toString('hex')}@example.com`);
  const grace = await under.system.customerToken(`grace-${randomBytes(4).toString('hex')}@example.com`);
  const adaStamps = await join(shop.programs.stamps, ada);
  const adaPoints = await join(shop.programs.points, ada);
  const graceStamps = await join(shop.programs.stamps, grace);

  // Ada fills her card at Alexanderplatz and takes the coffee; she buys for 12.50 at Kreuzberg; Grace visits Kreuzberg once.
  for (let visit = 0; visit < 3; visit++) await record(shop, { kind: 'visit', cardId: adaStamps.cardId, storeId: shop.stores.alexanderplatz });
  const lookup = await call<{ availableRewards: { rewardId: string | null }[] }>(
    admin.url,
    'GET',
    `/businesses/${shop.businessId}/cards/lookup?number=${adaStamps.cardNumber}`,
    { token: shop.token },
  );
  const rewardId = lookup.body.availableRewards[0]?.rewardId;
  expect(rewardId).toEqual(expect.any(String));
  await record(shop, { kind: 'redemption', cardId: adaStamps.cardId, storeId: shop.stores.alexanderplatz, rewardId });
  await record(shop, { kind: 'purchase', cardId: adaPoints.cardId, storeId: shop.stores.kreuzberg, amount: 1250, currency: 'EUR' });
  await record(shop, { kind: 'visit', cardId: graceStamps.cardId, storeId: shop.stores.kreuzberg });

  // The analytics processor counts from the queue, asynchronously; the insights come from their hourly job, run here once.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
  await waitFor(
    async () => {
      const summary = await call<{ visits: number; purchases: number; rewardsRedeemed: number }>(
        admin.url,
        'GET',
        `/businesses/${shop.businessId}/analytics/summary?from=${today}&to=${today}`,
        { token: shop.token },
      );
      return summary.body.visits === 4 && summary.body.purchases === 1 && summary.body.rewardsRedeemed === 1;
    },
    { timeoutMs: 20_000, intervalMs: 1_000, description: 'the analytics counting every transaction' },
  );
  await computeInsights(admin.orm.em.fork(), new Date(), [shop.businessId]);

  const context = await (await launching).newContext({
    baseURL: under.app.url,
    viewport: { width: 1280, height: 900 },
    timezoneId: 'Europe/Berlin',
    locale: 'en-GB',
  });
  // Signed in as the app leaves it after sign-in and the business pick (staff-journey drives those screens).
  await context.addInitScript(
    (session) => localStorage.setItem('loyalty.staff.session', session),
    JSON.stringify({ email: 'owner@cafe.test', accessToken: shop.token, businessId: shop.businessId }),
  );
  page = await context.newPage();
  page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));

  await page.goto('/counter');
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await page.getByRole('heading', { name: 'Dashboard · Crumb & Co' }).waitFor();
  await page.getByRole('heading', { name: /^Activity, / }).waitFor();
  expect(await figures('Totals', activity)).toEqual({
    Visits: '4',
    Purchases: '1',
    'Purchase amount': '12.50',
    'Stamps issued': '4',
    'Points earned': '25',
    'Rewards unlocked': '1',
    'Rewards redeemed': '1',
    'Active customers': '2',
  });
  const todayRow = (await tableRows('Visits and rewards per day')).find(([day]) => day === today);
  expect(todayRow).toEqual([today, '4', '1', '1']);
  expect(await tableRows('Visits by store')).toEqual([
    ['Alexanderplatz', '3', '0', '1'],
    ['Kreuzberg', '1', '1', '0'],
  ]);
  await page.getByRole('heading', { name: 'Customers of Coffee Club' }).waitFor();
  expect(await tableRows('Customer segments')).toEqual([
    ['New', '2'],
    ['Active', '0'],
    ['Champions', '0'],
    ['At risk', '0'],
    ['Lapsed', '0'],
  ]);
  expect(await figures('Rewards', ['Reward redemption rate'])).toEqual({ 'Reward redemption rate': '100 %' });
  await page.locator('.recharts-surface').first().waitFor();
  await screen('dashboard');

  await page.getByLabel('Store', { exact: true }).selectOption({ label: 'Kreuzberg' });
  await waitFor(async () => (await figure('Totals', 'Visits')) === '1', { timeoutMs: 10_000, description: 'the Kreuzberg figures' });
  expect(await figures('Totals', activity)).toMatchObject({
    Visits: '1',
    Purchases: '1',
    'Points earned': '25',
    'Rewards unlocked': '0',
    'Active customers': '2',
  });
  await screen('dashboard-store');

  await page.getByLabel('Store', { exact: true }).selectOption({ label: 'All stores' });
  await page.getByLabel('Program', { exact: true }).selectOption({ label: 'Cafe Points' });
  await page.getByRole('heading', { name: 'Customers of Cafe Points' }).waitFor();
  await waitFor(async () => (await figure('Totals', 'Visits')) === '0', { timeoutMs: 10_000, description: 'the points program figures' });
  expect(await figures('Totals', activity)).toMatchObject({ Purchases: '1', 'Points earned': '25', 'Rewards redeemed': '0', 'Active customers': '1' });
  expect(await figures('Points liability', ['Outstanding points', 'Points liability'])).toEqual({ 'Outstanding points': '25', 'Points liability': '€12.50' });

  await page.getByLabel('From', { exact: true }).fill('2026-01-01');
  await page.getByLabel('To', { exact: true }).fill('2026-01-31');
  await page.getByText('Nothing was recorded in this range.').waitFor();
  await page.getByText('No store recorded anything in this range.').waitFor();
  expect(await figures('Totals', ['Purchases', 'Points earned'])).toEqual({ Purchases: '0', 'Points earned': '0' });
  await screen('dashboard-empty-range');

  await page.getByLabel('From', { exact: true }).fill('2026-02-01');
  expect(await page.getByRole('alert').textContent()).toBe('The start date is after the end date.');
}, 240_000);

it('shows a cashier no dashboard link and sends one who opens it to the counter', async () => {
  const shop = await openShop();
  const email = `cashier-${randomBytes(4).toString('hex')}@cafe.test`;
  const invited = await call(under.system.admin.url, 'POST', `/businesses/${shop.businessId}/staff/invitations`, {
    token: shop.token,
    body: { email, role: 'cashier', storeIds: [shop.stores.kreuzberg] },
  });
  expect(invited.status).toBe(201);
  // The invitation put them in the cashier group; no other group.
  const token = await under.system.staffToken(email, []);
  const context = await (await launching).newContext({ baseURL: under.app.url });
  await context.addInitScript(
    (session) => localStorage.setItem('loyalty.staff.session', session),
    JSON.stringify({ email, accessToken: token, businessId: shop.businessId }),
  );
  page = await context.newPage();

  await page.goto('/counter');
  await page.getByText('Store: Kreuzberg').waitFor();
  expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual(['Counter', 'Businesses']);
  await page.goto('/back-office/dashboard');
  await page.getByRole('heading', { name: 'Counter · Crumb & Co' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/counter');
}, 120_000);
