import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminSetUserPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { confirmationCodeFor } from '../support/confirmation-code.js';
import { launchChromium, screenshot, seriousViolations } from '../support/browser.js';
import { writeQrVideo } from '../support/fake-camera.js';
import { openShop } from '../support/customer-app.js';
import { call } from '../support/http.js';
import { startApps, type AppsUnderTest } from '../support/served-apps.js';
import { totpCode } from '../support/totp.js';

const location = { latitude: 52.52, longitude: 13.405 };
/** Shaped like the customer app's QR but signed by no one; zxing finds no code in it upright. */
const FORGED_QR = 'LC1.f1004c2e-99da-4aad-8b6c-8dfbd4433962.1764600004.atff-XAek-CiJE5GLjRn5A-dlaHpBrhfVgjgbxW7wE0';
let under: AppsUnderTest<'staff' | 'customer'>;
let videoDir: string;
const browsers: Promise<Browser>[] = [];
const pages: Page[] = [];
const screens: string[] = [];
/** What the journey leaves for the checks after it: the cashier's signed-in browser state and the customer's card. */
let cashierState: Awaited<ReturnType<BrowserContext['storageState']>>;
let cardNumber: string;

beforeAll(async () => {
  videoDir = await mkdtemp(join(tmpdir(), 'fake-camera-'));
  under = await startApps(['staff', 'customer']);
}, 180_000);
afterAll(async () => {
  process.stdout.write(`screens: ${screens.map((path) => path.split('/').pop()).join(', ')}\n`);
  for (const [index, page] of pages.entries()) await screenshot(page, `store-last-${index}`).catch(() => undefined);
  for (const browser of browsers) await (await browser.catch(() => undefined))?.close();
  await under?.stop();
  await rm(videoDir, { recursive: true, force: true });
});

async function open(browser: Browser, baseURL: string, options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
  const page = await (await browser.newContext({ baseURL, ...options })).newPage();
  page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
  page.on('console', (message) => {
    if (message.type() === 'error') process.stderr.write(`console error: ${message.text()}\n`);
  });
  pages.push(page);
  return page;
}

/** A Chromium whose camera films `payload` as a QR code. */
async function cameraShowing(payload: string): Promise<Browser> {
  const video = join(videoDir, `qr-${browsers.length}.y4m`);
  await writeQrVideo(payload, video);
  const launching = launchChromium({
    args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
  });
  browsers.push(launching);
  return launching;
}

async function screen(page: Page, name: string): Promise<void> {
  screens.push(await screenshot(page, `store-${name}`));
  expect({ screen: name, violations: await seriousViolations(page) }).toEqual({ screen: name, violations: [] });
}

async function created(answer: Promise<{ status: number; body: Record<string, unknown> }>): Promise<string> {
  const { status, body } = await answer;
  if (status !== 201 && status !== 200) throw new Error(`expected 201, got ${status}: ${JSON.stringify(body)}`);
  return String(body.id);
}

/** An owner's business with a brand, a located store and an active 3-stamp program, and a cashier invited for that store. */
async function openStore(): Promise<{ programName: string; cashierEmail: string }> {
  const { admin } = under.system;
  const tag = randomBytes(3).toString('hex');
  const token = await under.system.staffToken(`owner-${tag}@cafe.test`);
  const post = (path: string, body?: unknown) => created(call(admin.url, 'POST', path, { token, body }));
  const businessId = await post('/businesses', { name: `Cafe ${tag}` });
  const brandId = await post(`/businesses/${businessId}/brands`, { name: `Bean There ${tag}` });
  const storeId = await post(`/businesses/${businessId}/stores`, { brandId, name: 'Alexanderplatz', timeZone: 'Europe/Berlin', ...location });
  const programName = `Coffee Club ${tag}`;
  const programId = await post(`/businesses/${businessId}/programs`, {
    brandId,
    kind: 'stamp',
    name: programName,
    rules: { stampsRequired: 3, rewardDescription: 'A free coffee' },
  });
  await post(`/businesses/${businessId}/programs/${programId}/activate`);
  const cashierEmail = `cashier-${tag}@cafe.test`;
  const invited = await call(admin.url, 'POST', `/businesses/${businessId}/staff/invitations`, {
    token,
    body: { email: cashierEmail, role: 'cashier', storeIds: [storeId] },
  });
  expect(invited.status).toBe(201);
  return { programName, cashierEmail };
}

it('a customer joins and shows the QR, an invited cashier signs in, scans it with the camera, stamps to the reward, redeems it, voids a visit, refunds a purchase, and the customer sees it all', async () => {
  const { system } = under;
  const { programName, cashierEmail } = await openStore();
  // What Cognito emails the invitee; cognito-local only logs it, so the test sets it as an admin would.
  const temporaryPassword = 'Temporary-pass-1!';
  await system.clients.cognito.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: system.topology.userPools.staff.userPoolId,
      Username: cashierEmail,
      Password: temporaryPassword,
      Permanent: false,
    }),
  );

  // The customer: register, confirm, sign in, find the program near them, join, show the QR.
  browsers.push(launchChromium());
  const customer = await open(await (browsers[0] as Promise<Browser>), under.apps.customer.app.url, {
    viewport: { width: 390, height: 844 },
    geolocation: location,
    permissions: ['geolocation'],
  });
  const email = `ada-${randomBytes(4).toString('hex')}@example.com`;
  const password = 'correct-horse-42';
  await customer.goto('/register');
  await customer.getByLabel('Your name').fill('Ada Lovelace');
  await customer.getByLabel('Email').fill(email);
  await customer.getByLabel('Password').fill(password);
  await customer.getByRole('button', { name: 'Create account' }).click();
  await customer.getByRole('heading', { name: 'Confirm your email' }).waitFor();
  await customer.getByLabel('Code from the email').fill(await confirmationCodeFor(system.topology.userPools.customers.userPoolId, email));
  await customer.getByRole('button', { name: 'Confirm' }).click();
  await customer.getByRole('heading', { name: 'Sign in' }).waitFor();
  await customer.getByLabel('Password').fill(password);
  await customer.keyboard.press('Enter');
  await customer.getByRole('heading', { name: 'My cards' }).waitFor();
  await customer.getByRole('link', { name: 'Discover' }).click();
  await customer.getByRole('button', { name: 'Programs near me' }).click();
  await customer.getByRole('button', { name: `Join ${programName}` }).click();
  await customer.getByRole('heading', { name: programName }).waitFor();
  await customer.getByText('0 / 3 stamps').first().waitFor();
  const qr = customer.getByRole('img', { name: /QR code of card/ });
  await qr.waitFor();
  const payload = (await qr.getAttribute('data-payload')) ?? '';
  expect(payload.length).toBeGreaterThan(0);
  cardNumber = (await qr.getAttribute('alt'))?.match(/^QR code of card (\S+):/)?.[1] ?? '';
  await screen(customer, 'customer-card');

  // The QR the customer shows is what the cashier's camera sees.
  const cashier = await open(await cameraShowing(payload), under.apps.staff.app.url, { viewport: { width: 1024, height: 768 } });

  // The cashier: temporary password, a new one, TOTP set-up, straight to the counter of the one business.
  await cashier.goto('/');
  await cashier.getByLabel('Email').fill(cashierEmail);
  await cashier.getByLabel('Password').fill(temporaryPassword);
  await cashier.getByRole('button', { name: 'Sign in' }).click();
  await cashier.getByLabel('New password').waitFor();
  await screen(cashier, 'cashier-new-password');
  await cashier.getByLabel('New password').fill('Cashier-pass-7-battery');
  await cashier.keyboard.press('Enter');
  await cashier.getByRole('heading', { name: 'Set up your authenticator' }).waitFor();
  const secret = (await cashier.locator('.secret').textContent()) ?? '';
  await cashier.getByLabel('6-digit code').fill(totpCode(secret));
  await cashier.keyboard.press('Enter');
  await cashier.getByRole('heading', { name: /^Counter · Cafe / }).waitFor();
  await cashier.getByText('Store: Alexanderplatz').waitFor();
  // A cashier works the counter only: no link to any back-office screen.
  expect(await cashier.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual(['Counter', 'Businesses']);

  await cashier.getByRole('button', { name: 'Scan QR' }).click();
  await cashier.getByRole('heading', { name: 'Ada Lovelace' }).waitFor();
  await cashier.getByText('0 / 3 stamps').waitFor();
  // The camera is off once the code is read.
  expect(await cashier.locator('video').count()).toBe(0);
  await cashier.getByText('No transaction on this card yet.').waitFor();
  await screen(cashier, 'cashier-scanned');

  const visit = cashier.getByRole('button', { name: 'Record a visit' });
  for (const stamps of [1, 2]) {
    await visit.click();
    await cashier.getByText(`Visit applied · +1 · balance ${stamps}.`).waitFor();
  }
  await visit.click();
  await cashier.getByText(/^Visit applied .* a reward unlocked\.$/).waitFor();
  await cashier.getByRole('button', { name: 'Redeem A free coffee' }).click();
  await cashier.getByText(/^Redemption of .* applied/).waitFor();
  await cashier.getByText('No reward to redeem yet.').waitFor();
  await visit.click();
  await cashier.getByText('1 / 3 stamps').waitFor();

  const recent = cashier.getByRole('region', { name: 'Recent transactions' });
  const rows = recent.getByRole('row');
  await rows.filter({ hasText: 'redemption' }).waitFor();
  expect(await rows.count()).toBe(1 + 5);
  await screen(cashier, 'cashier-recent');
  // With no network the void is not recorded; trying again once it is back voids the visit once.
  await cashier.context().setOffline(true);
  await rows.nth(1).getByRole('button', { name: 'Void' }).click();
  await cashier.getByRole('alert').filter({ hasText: 'Void of the visit not recorded' }).waitFor();
  await cashier.context().setOffline(false);
  await recent.getByRole('button', { name: 'Try the void again' }).click();
  await cashier.getByText(/^Void of the visit applied · -1 · balance 0\.$/).waitFor();
  await cashier.getByText('0 / 3 stamps').waitFor();
  await rows.filter({ has: cashier.getByRole('cell', { name: 'void', exact: true }) }).waitFor();
  await recent.getByText('voided', { exact: true }).waitFor();
  await screen(cashier, 'cashier-voided');

  // A purchase earns a stamp; a refund of more than was paid is refused with the reason, the whole amount takes the stamp back.
  await cashier.getByLabel('Purchase amount').fill('4.50');
  await cashier.getByRole('button', { name: 'Record purchase' }).click();
  await cashier.getByText('Purchase applied · +1 · balance 1.').waitFor();
  const purchase = rows.filter({ has: cashier.getByRole('cell', { name: 'purchase of 4.50 EUR', exact: true }) });
  const refundAmount = purchase.getByLabel('Refund amount (EUR)');
  expect(await refundAmount.inputValue()).toBe('4.50');
  await refundAmount.fill('9.00');
  await purchase.getByRole('button', { name: 'Refund' }).click();
  await cashier.getByRole('alert').filter({ hasText: 'Refund of 9.00 EUR refused: That refund is more than what is left of the purchase.' }).waitFor();
  await screen(cashier, 'cashier-refund-refused');
  await refundAmount.fill('4.50');
  await purchase.getByRole('button', { name: 'Refund' }).click();
  await cashier.getByText('Refund of 4.50 EUR applied · -1 · balance 0.').waitFor();
  await purchase.getByText('refunded', { exact: true }).waitFor();
  cashierState = await cashier.context().storageState();

  // The customer again: the reward is gone from the card, the history has the redemption and the void.
  // The history is written from the events, a moment after the counter's answer.
  const history = customer.getByRole('region', { name: 'History' });
  const what = history.locator('tbody tr td:nth-child(2)');
  let kinds: string[] = [];
  for (const deadline = Date.now() + 30_000; Date.now() < deadline && kinds[0] !== 'refund'; ) {
    await customer.reload();
    await what.first().waitFor();
    kinds = await what.allTextContents();
  }
  expect(kinds).toEqual(['refund', 'refund (rejected: REFUND_EXCEEDS_AMOUNT)', 'purchase', 'void', 'visit', 'redemption', 'visit', 'visit', 'visit']);
  await customer.getByText('0 / 3 stamps').first().waitFor();
  await customer.getByText('No rewards ready yet').waitFor();
  await screen(customer, 'customer-history');
}, 240_000);

it('at the same counter, reads out a QR of another business and, on a device with no camera, says so and still finds the card by number', async () => {
  const { system } = under;
  const elsewhere = await openShop(system);
  const token = await system.customerToken(`grace-${randomBytes(4).toString('hex')}@example.com`);
  const foreignCard = await created(call(system.customer.url, 'POST', '/me/cards', { token, body: { programId: elsewhere.programId } }));
  const foreignQr = await call<{ payload: string }>(system.customer.url, 'GET', `/me/cards/${foreignCard}/qr`, { token });
  const scanning = await open(await cameraShowing(foreignQr.body.payload), under.apps.staff.app.url, {
    viewport: { width: 1024, height: 768 },
    storageState: cashierState,
  });
  await scanning.goto('/counter');
  await scanning.getByRole('button', { name: 'Scan QR' }).click();
  await scanning.getByRole('alert').filter({ hasText: 'That QR code is a card of another business.' }).waitFor();
  await screen(scanning, 'cashier-foreign-qr');

  // A forged code, and one zxing cannot read upright (the scanner turns the frames): refused as not ours.
  const forged = await open(await cameraShowing(FORGED_QR), under.apps.staff.app.url, { viewport: { width: 1024, height: 768 }, storageState: cashierState });
  await forged.goto('/counter');
  await forged.getByRole('button', { name: 'Scan QR' }).click();
  await forged.getByRole('alert').filter({ hasText: 'That QR code is not one of ours.' }).waitFor();

  // The first browser has no camera at all: the counter says so, and typing the number still works.
  const noCamera = await open(await (browsers[0] as Promise<Browser>), under.apps.staff.app.url, {
    viewport: { width: 1024, height: 768 },
    storageState: cashierState,
  });
  await noCamera.goto('/counter');
  await noCamera.getByRole('button', { name: 'Scan QR' }).click();
  await noCamera.getByRole('alert').filter({ hasText: 'Type the card number instead' }).waitFor();
  await screen(noCamera, 'cashier-no-camera');
  await noCamera.getByLabel('Card number').fill(cardNumber);
  await noCamera.getByRole('button', { name: 'Find card' }).click();
  await noCamera.getByRole('heading', { name: 'Ada Lovelace' }).waitFor();
  await noCamera.getByText('0 / 3 stamps').waitFor();
}, 120_000);
