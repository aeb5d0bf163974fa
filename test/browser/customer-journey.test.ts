import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { confirmationCodeFor } from '../support/confirmation-code.js';
import { launchChromium, screenshot, seriousViolations } from '../support/browser.js';
import { openShop, startCustomerApp, type CustomerAppUnderTest, type Shop } from '../support/customer-app.js';
import { call } from '../support/http.js';

let under: CustomerAppUnderTest;
let launching: Promise<Browser> | undefined;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let shop: Shop;
const screens: string[] = [];

beforeAll(async () => {
  launching = launchChromium();
  under = await startCustomerApp();
  browser = await launching;
  shop = await openShop(under.system);
  context = await browser.newContext({
    baseURL: under.app.url,
    viewport: { width: 390, height: 844 },
    geolocation: shop.location,
    permissions: ['geolocation'],
  });
  page = await context.newPage();
  // What the browser said is the first thing to read when a step times out.
  page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
  page.on('console', (message) => {
    if (message.type() === 'error') process.stderr.write(`console error: ${message.text()}\n`);
  });
}, 120_000);
afterAll(async () => {
  // Where the journey stopped, passed or not.
  if (page) await screenshot(page, 'customer-last');
  await (await launching?.catch(() => undefined))?.close();
  await under?.stop();
});

/** Every screen: a screenshot under test-results/screens and no serious or critical axe violation. */
async function screen(name: string): Promise<void> {
  screens.push(await screenshot(page, `customer-${name}`));
  expect({ screen: name, violations: await seriousViolations(page) }).toEqual({ screen: name, violations: [] });
}

it('registers, confirms the emailed code, signs in, finds a program near them, joins it and shows the card QR, also offline', async () => {
  const email = `ada-${randomBytes(4).toString('hex')}@example.com`;
  const password = 'correct-horse-42';

  await page.goto('/register');
  await page.getByLabel('Your name').fill('Ada Lovelace');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('no-digits-at-all');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('alert').waitFor();
  expect(await page.getByRole('alert').textContent()).toContain('at least 10 characters');
  await screen('register-error');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();

  await page.getByRole('heading', { name: 'Confirm your email' }).waitFor();
  await screen('confirm');
  await page.getByLabel('Code from the email').fill(await confirmationCodeFor(under.system.topology.userPools.customers.userPoolId, email));
  await page.getByRole('button', { name: 'Confirm' }).click();

  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  expect(await page.getByLabel('Email').inputValue()).toBe(email);
  await screen('sign-in');
  await page.getByLabel('Password').fill(password);
  await page.keyboard.press('Enter');

  await page.getByRole('heading', { name: 'My cards' }).waitFor();
  await page.getByText('No cards yet').waitFor();
  await screen('cards-empty');

  await page.getByRole('link', { name: 'Discover' }).click();
  await page.getByRole('button', { name: 'Programs near me' }).click();
  const program = page.getByRole('listitem').filter({ hasText: shop.programName });
  await program.waitFor();
  expect(await program.textContent()).toContain('Alexanderplatz, 0.0 km away');
  await screen('discover');
  await program.getByRole('button', { name: `Join ${shop.programName}` }).click();

  await page.getByRole('heading', { name: shop.programName }).waitFor();
  await page.getByText('0 / 8 stamps').first().waitFor();
  const qr = page.getByRole('img', { name: /QR code of card/ });
  await qr.waitFor();
  const payload = (await qr.getAttribute('data-payload')) ?? '';
  const expected = await QRCode.toString(payload, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  expect(decodeURIComponent((await qr.getAttribute('src')) ?? '')).toBe(`data:image/svg+xml;charset=utf-8,${expected}`);
  const cardId = new URL(page.url()).pathname.split('/').pop();
  const scanned = await call<{ card: { id: string } }>(
    under.system.admin.url,
    'GET',
    `/businesses/${shop.businessId}/cards/lookup?qr=${encodeURIComponent(payload)}`,
    {
      token: shop.staffToken,
    },
  );
  expect([scanned.status, scanned.body.card?.id]).toEqual([200, cardId]);
  expect((await qr.boundingBox())?.width).toBeGreaterThanOrEqual(280);
  await page.getByText('No rewards ready yet').waitFor();
  await page.getByText('Nothing yet').waitFor();
  await screen('card');

  // The service worker has precached the app shell (this test file has no DOM types: the check is a string).
  await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
  await context.setOffline(true);
  await page.reload();
  await page.getByText(/^Offline: showing the card/).waitFor();
  expect(await page.getByRole('img', { name: /QR code of card/ }).getAttribute('data-payload')).toBe(payload);
  await screen('card-offline');
  await context.setOffline(false);

  await page.getByRole('link', { name: 'Profile' }).click();
  await page.getByLabel('Name').waitFor();
  expect(await page.getByLabel('Name').inputValue()).toBe('Ada Lovelace');
  await page.getByText('(this device)').waitFor();
  await screen('profile');

  process.stdout.write(`screens: ${screens.map((path) => path.split('/').pop()).join(', ')}\n`);
}, 90_000);
