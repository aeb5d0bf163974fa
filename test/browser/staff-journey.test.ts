import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { confirmationCodeFor } from '../support/confirmation-code.js';
import { launchChromium, screenshot, seriousViolations } from '../support/browser.js';
import { call } from '../support/http.js';
import { startStaffApp, type StaffAppUnderTest } from '../support/staff-app.js';
import { totpCode } from '../support/totp.js';

let under: StaffAppUnderTest;
let launching: Promise<Browser> | undefined;
let context: BrowserContext;
let page: Page;
const screens: string[] = [];

beforeAll(async () => {
  launching = launchChromium();
  under = await startStaffApp();
  context = await (await launching).newContext({ baseURL: under.app.url, viewport: { width: 1024, height: 768 } });
  page = await context.newPage();
  page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
  page.on('console', (message) => {
    // A write sent while offline is meant to fail: that one is the test's, not the app's.
    if (message.type() === 'error' && !message.text().includes('ERR_INTERNET_DISCONNECTED')) process.stderr.write(`console error: ${message.text()}\n`);
  });
}, 120_000);
afterAll(async () => {
  if (page) await screenshot(page, 'staff-last');
  await (await launching?.catch(() => undefined))?.close();
  await under?.stop();
});

async function screen(name: string): Promise<void> {
  screens.push(await screenshot(page, `staff-${name}`));
  expect({ screen: name, violations: await seriousViolations(page) }).toEqual({ screen: name, violations: [] });
}

async function created(answer: Promise<{ status: number; body: Record<string, unknown> }>): Promise<string> {
  const { status, body } = await answer;
  if (status !== 201 && status !== 200) throw new Error(`expected 201, got ${status}: ${JSON.stringify(body)}`);
  return String(body.id);
}

/** A brand, a store and an active 3-stamp program in the owner's business, and a customer who joined it. */
async function setUpShop(token: string, businessId: string): Promise<{ cardId: string; cardNumber: string; storeName: string }> {
  const { admin, customer } = under.system;
  const brandId = await created(call(admin.url, 'POST', `/businesses/${businessId}/brands`, { token, body: { name: 'Bean There' } }));
  const storeName = 'Alexanderplatz';
  await created(call(admin.url, 'POST', `/businesses/${businessId}/stores`, { token, body: { brandId, name: storeName, timeZone: 'Europe/Berlin' } }));
  const programId = await created(
    call(admin.url, 'POST', `/businesses/${businessId}/programs`, {
      token,
      body: { brandId, kind: 'stamp', name: 'Coffee Club', rules: { stampsRequired: 3, rewardDescription: 'A free coffee' } },
    }),
  );
  await created(call(admin.url, 'POST', `/businesses/${businessId}/programs/${programId}/activate`, { token }));

  const email = `ada-${randomBytes(4).toString('hex')}@example.com`;
  const password = 'correct-horse-42';
  expect((await call(customer.url, 'POST', '/auth/register', { body: { displayName: 'Ada Lovelace', email, password } })).status).toBe(202);
  const code = await confirmationCodeFor(under.system.topology.userPools.customers.userPoolId, email);
  expect((await call(customer.url, 'POST', '/auth/confirm', { body: { email, code } })).status).toBe(204);
  const signedIn = await call<{ accessToken: string }>(customer.url, 'POST', '/auth/sign-in', { body: { email, password } });
  const cardId = await created(call(customer.url, 'POST', '/me/cards', { token: signedIn.body.accessToken, body: { programId } }));
  const card = await call<{ cardNumber: string }>(customer.url, 'GET', `/me/cards/${cardId}`, { token: signedIn.body.accessToken });
  return { cardId, cardNumber: card.body.cardNumber, storeName };
}

it('signs a new owner in with TOTP set-up, founds a business, finds a card by number, records visits until the reward unlocks and redeems it', async () => {
  const { admin, topology } = under.system;
  const email = `founder-${randomBytes(4).toString('hex')}@bakery.test`;
  const password = 'Founder-pass-7!';
  expect((await call(admin.url, 'POST', '/auth/sign-up', { body: { email, password } })).status).toBe(202);
  const code = await confirmationCodeFor(topology.userPools.staff.userPoolId, email);
  expect((await call(admin.url, 'POST', '/auth/confirm', { body: { email, code } })).status).toBe(204);

  await page.goto('/');
  await page.getByRole('heading', { name: 'Staff sign-in' }).waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('Wrong-pass-7!');
  await page.getByRole('button', { name: 'Sign in' }).click();
  expect(await page.getByRole('alert').textContent()).toBe('That email and password do not match.');
  await screen('sign-in-error');
  await page.getByLabel('Password').fill(password);
  await page.keyboard.press('Enter');

  await page.getByRole('heading', { name: 'Set up your authenticator' }).waitFor();
  const qr = page.getByRole('img', { name: /QR code to add this account/ });
  await qr.waitFor();
  const secret = (await page.locator('.secret').textContent()) ?? '';
  const uri = (await qr.getAttribute('data-uri')) ?? '';
  expect(uri).toMatch(new RegExp(`^otpauth://totp/.*secret=${secret}`));
  const expected = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  expect(decodeURIComponent((await qr.getAttribute('src')) ?? '')).toBe(`data:image/svg+xml;charset=utf-8,${expected}`);
  await screen('totp-setup');
  await page.getByLabel('6-digit code').fill(totpCode(secret));
  await page.keyboard.press('Enter');

  await page.getByText('You do not work for any business yet').waitFor();
  await screen('businesses-empty');
  await page.getByLabel('Business name').fill('Crumb & Co');
  await page.getByRole('button', { name: 'Found the business' }).click();
  await page.getByRole('heading', { name: 'Counter · Crumb & Co' }).waitFor();
  await page.getByText('no store you may act for yet').waitFor();

  // The app's own session: the test configures the business through the API as the owner it signed in.
  const session = JSON.parse((await page.evaluate<string>("localStorage.getItem('loyalty.staff.session')")) ?? '{}') as {
    accessToken: string;
    businessId: string;
  };
  const shop = await setUpShop(session.accessToken, session.businessId);
  await created(call(admin.url, 'POST', '/businesses', { token: session.accessToken, body: { name: 'Second Shop' } }));

  await page.getByRole('link', { name: 'Businesses' }).click();
  await page.getByRole('button', { name: /Second Shop/ }).waitFor();
  await screen('businesses-pick');
  await page.getByRole('button', { name: /Crumb & Co/ }).click();

  await page.getByText(`Store: ${shop.storeName}`).waitFor();
  await page.getByLabel('Card number').fill('0000 0000');
  await page.keyboard.press('Enter');
  await page.getByRole('alert').filter({ hasText: 'No card with that number.' }).waitFor();
  await page.getByLabel('Card number').fill(shop.cardNumber);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Ada Lovelace' }).waitFor();
  await page.getByText('0 / 3 stamps').waitFor();
  await page.getByText('No reward to redeem yet.').waitFor();
  await screen('counter-card');

  const visit = page.getByRole('button', { name: 'Record a visit' });
  await visit.dblclick();
  await page.getByText('Visit applied · +1 · balance 1.').waitFor();
  await page.getByText('1 / 3 stamps').waitFor();
  const history = await call<{ items: unknown[] }>(admin.url, 'GET', `/businesses/${session.businessId}/cards/${shop.cardId}/transactions`, {
    token: session.accessToken,
  });
  expect(history.body.items).toHaveLength(1);

  // No network: the cashier is told the visit did not go through, and "Try again" sends it once the network is back.
  await context.setOffline(true);
  await visit.click();
  await page.getByRole('alert').filter({ hasText: 'Visit not recorded' }).waitFor();
  await screen('counter-offline');
  await context.setOffline(false);
  await page.getByRole('button', { name: 'Try again' }).click();
  await page.getByText('2 / 3 stamps').waitFor();

  await visit.click();
  await page.getByText(/^Visit applied .* a reward unlocked\.$/).waitFor();
  const redeem = page.getByRole('button', { name: 'Redeem A free coffee' });
  await redeem.waitFor();
  await screen('counter-reward');
  await redeem.click();
  await page.getByText(/^Redemption of .* applied/).waitFor();
  await page.getByText('No reward to redeem yet.').waitFor();
  await screen('counter-redeemed');

  process.stdout.write(`screens: ${screens.map((path) => path.split('/').pop()).join(', ')}\n`);
}, 90_000);
