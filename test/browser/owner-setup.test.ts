import { randomBytes } from 'node:crypto';
import { AdminSetUserPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
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

beforeAll(async () => {
  launching = launchChromium();
  under = await startStaffApp();
  context = await (await launching).newContext({ baseURL: under.app.url, viewport: { width: 1024, height: 768 } });
  page = await context.newPage();
  page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
}, 120_000);
afterAll(async () => {
  if (page) await screenshot(page, 'staff-setup-last');
  await (await launching?.catch(() => undefined))?.close();
  await under?.stop();
});

async function screen(on: Page, name: string): Promise<void> {
  await screenshot(on, `staff-setup-${name}`);
  expect({ screen: name, violations: await seriousViolations(on) }).toEqual({ screen: name, violations: [] });
}

interface StaffSession {
  email: string;
  accessToken: string;
  refreshToken?: string;
  businessId: string;
}

const sessionOf = async (on: Page) => JSON.parse((await on.evaluate<string>("localStorage.getItem('loyalty.staff.session')")) ?? '{}') as StaffSession;

/** An invited cashier through the API's first sign-in (temporary password, new password, TOTP set-up), as the app would keep it. */
async function cashierSession(owner: StaffSession, storeId: string): Promise<StaffSession> {
  const { admin, clients, topology } = under.system;
  const email = `cashier-${randomBytes(3).toString('hex')}@bakery.test`;
  const invited = await call(admin.url, 'POST', `/businesses/${owner.businessId}/staff/invitations`, {
    token: owner.accessToken,
    body: { email, role: 'cashier', storeIds: [storeId] },
  });
  expect(invited.status).toBe(201);
  // cognito-local only logs the emailed temporary password: the test sets one it knows.
  await clients.cognito.send(
    new AdminSetUserPasswordCommand({ UserPoolId: topology.userPools.staff.userPoolId, Username: email, Password: 'Temporary-pass-1!', Permanent: false }),
  );
  type Answer = { session: string; totp?: { secret: string }; accessToken?: string; refreshToken?: string | null };
  const auth = async (path: string, body: Record<string, unknown>) => (await call<Answer>(admin.url, 'POST', `/auth/${path}`, { body })).body;
  const first = await auth('sign-in', { email, password: 'Temporary-pass-1!' });
  const changed = await auth('challenge', { email, session: first.session, challenge: 'NEW_PASSWORD_REQUIRED', newPassword: 'Cashier-pass-7!x' });
  const done = await auth('challenge', { email, session: changed.session, challenge: 'MFA_SETUP', code: totpCode(changed.totp?.secret ?? '') });
  return { email, accessToken: done.accessToken ?? '', refreshToken: done.refreshToken ?? undefined, businessId: owner.businessId };
}

it('signs a new owner up in the app, then sets up a brand, a store, a stamp program and a points program with a catalog reward; a cashier sees no back office', async () => {
  const { admin, topology } = under.system;
  const email = `owner-${randomBytes(4).toString('hex')}@bakery.test`;
  const password = 'Owner-pass-7!long';

  await page.goto('/');
  await page.getByRole('heading', { name: 'Staff sign-in' }).waitFor();
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.getByRole('heading', { name: 'Create an account' }).waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create the account' }).click();
  await page.getByRole('alert').filter({ hasText: 'The password needs at least 12 characters' }).waitFor();
  await screen(page, 'sign-up-error');
  await page.getByLabel('Password').fill(password);
  await page.keyboard.press('Enter');

  await page.getByRole('heading', { name: 'Confirm your email' }).waitFor();
  await screen(page, 'confirm-code');
  await page.getByLabel('Confirmation code').fill(await confirmationCodeFor(topology.userPools.staff.userPoolId, email));
  await page.getByRole('button', { name: 'Confirm' }).click();

  await page.getByText('Your email is confirmed.').waitFor();
  expect(await page.getByLabel('Email').inputValue()).toBe(email);
  await page.getByLabel('Password').fill(password);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Set up your authenticator' }).waitFor();
  const secret = (await page.locator('.secret').textContent()) ?? '';
  await page.getByLabel('6-digit code').fill(totpCode(secret));
  await page.keyboard.press('Enter');
  await page.getByText('You do not work for any business yet').waitFor();
  await page.getByLabel('Business name').fill('Crumb & Co');
  await page.getByRole('button', { name: 'Found the business' }).click();
  await page.getByRole('heading', { name: 'Counter · Crumb & Co' }).waitFor();

  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Business settings' }).waitFor();
  expect(await page.getByLabel('Business name').inputValue()).toBe('Crumb & Co');
  await page.getByLabel('Business name').fill('Crumb & Co Bakery');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  await screen(page, 'settings');

  await page.getByRole('link', { name: 'Brands' }).click();
  await page.getByText('No brand yet.').waitFor();
  await screen(page, 'brands-empty');
  await page.getByRole('button', { name: 'New brand' }).click();
  await page.getByLabel('Brand name').fill('Bean There');
  await page.getByLabel('Category').fill('Coffee');
  // The browser takes any URL; the API wants https: its 400 shows beside the field.
  await page.getByLabel('Logo URL').fill('http://bean-there.test/logo.png');
  await page.getByRole('button', { name: 'Create the brand' }).click();
  await page.getByRole('alert').filter({ hasText: 'Some fields are not valid.' }).waitFor();
  expect(await page.getByLabel('Logo URL').getAttribute('aria-invalid')).toBe('true');
  await screen(page, 'brand-invalid');
  await page.getByLabel('Logo URL').fill('https://bean-there.test/logo.png');
  await page.getByRole('button', { name: 'Create the brand' }).click();
  await page.getByRole('listitem').filter({ hasText: 'Bean There' }).waitFor();
  await screen(page, 'brands');

  await page.getByRole('link', { name: 'Stores' }).click();
  await page.getByText('No store yet.').waitFor();
  await page.getByRole('button', { name: 'New store' }).click();
  await page.getByLabel('Store name').fill('Alexanderplatz');
  await page.getByLabel('Time zone').selectOption('Europe/Berlin');
  await page.getByLabel('City').fill('Berlin');
  await page.getByLabel('Country').fill('DE');
  await page.getByRole('button', { name: 'Add hours on Monday' }).click();
  await page.getByLabel('Monday opens').fill('08:00');
  await page.getByLabel('Monday closes').fill('18:30');
  await page.getByRole('button', { name: 'Add hours on Saturday' }).click();
  await page.getByLabel('Saturday opens').fill('10:00');
  await page.getByLabel('Saturday closes').fill('00:00');
  await screen(page, 'store-form');
  await page.getByRole('button', { name: 'Create the store' }).click();
  await page.getByRole('listitem').filter({ hasText: 'Alexanderplatz' }).filter({ hasText: 'Europe/Berlin' }).waitFor();
  await screen(page, 'stores');

  await page.getByRole('link', { name: 'Programs' }).click();
  await page.getByText('No program yet.').waitFor();
  await page.getByRole('button', { name: 'New program' }).click();
  await page.getByLabel('Program name').fill('Coffee Club');
  await page.getByLabel('Stamps for the reward').fill('0');
  await page.getByLabel('Reward', { exact: true }).fill('   ');
  // Keyboard only: Enter in a field submits the form.
  await page.getByLabel('Reward', { exact: true }).press('Enter');
  await page.getByRole('alert').filter({ hasText: 'Some fields are not valid' }).waitFor();
  const stamps = page.getByLabel('Stamps for the reward');
  expect(await stamps.getAttribute('aria-invalid')).toBe('true');
  expect(await page.locator(`#${await stamps.getAttribute('aria-describedby')}`).textContent()).toBe('Must be at least 1.');
  expect(await page.getByLabel('Reward', { exact: true }).getAttribute('aria-invalid')).toBe('true');
  await screen(page, 'program-invalid');
  await stamps.fill('8');
  await page.getByLabel('Reward', { exact: true }).fill('A free coffee');
  await page.getByRole('button', { name: 'Create the program' }).click();
  const coffeeClub = page.getByRole('listitem').filter({ hasText: 'Coffee Club' });
  await coffeeClub.getByText('draft').waitFor();
  await coffeeClub.getByRole('button', { name: 'Activate Coffee Club' }).click();
  await coffeeClub.getByText('active', { exact: true }).waitFor();
  await coffeeClub.getByRole('button', { name: 'Pause Coffee Club' }).click();
  await coffeeClub.getByText('paused', { exact: true }).waitFor();
  await coffeeClub.getByRole('button', { name: 'Resume Coffee Club' }).click();
  await coffeeClub.getByText('active', { exact: true }).waitFor();
  // Ending asks first; the focus moves to the question, and back when it is cancelled, so the keyboard alone will do.
  await coffeeClub.getByRole('button', { name: 'End Coffee Club' }).click();
  await coffeeClub.getByText('End Coffee Club for good?').waitFor();
  const focused = () => page.evaluate<string>("document.activeElement?.textContent ?? ''");
  expect(await focused()).toBe('Yes, end Coffee Club');
  await screen(page, 'program-end-question');
  await page.keyboard.press('Tab');
  expect(await focused()).toBe('Cancel');
  await page.keyboard.press('Enter');
  expect(await focused()).toBe('End Coffee Club');
  await coffeeClub.getByText('active', { exact: true }).waitFor();

  await coffeeClub.getByRole('button', { name: 'Edit Coffee Club' }).click();
  expect(await focused()).toBe('Edit Coffee Club');
  expect(await page.getByLabel('Reward', { exact: true }).inputValue()).toBe('A free coffee');
  await page.getByLabel('Stamps for the reward').fill('10');
  await page.getByRole('button', { name: 'Save the program' }).click();
  await coffeeClub.getByText('10 stamps for A free coffee').waitFor();
  await screen(page, 'programs');

  await page.getByRole('button', { name: 'New program' }).click();
  await page.getByLabel('Program name').fill('Bean Points');
  await page.getByLabel('Kind').selectOption('points');
  await page.getByLabel('Currency', { exact: true }).fill('EUR');
  await page.getByLabel('Points per currency unit').fill('2');
  await page.getByRole('button', { name: 'Add a tier' }).click();
  await page.getByLabel('Tier 1 name').fill('Gold');
  await page.getByLabel('Tier 1 from points earned').fill('500');
  await screen(page, 'points-program-form');
  await page.getByRole('button', { name: 'Create the program' }).click();
  await page.getByRole('listitem').filter({ hasText: 'Bean Points' }).getByText('2 points per EUR').waitFor();
  await page.getByLabel('Show').selectOption('active');
  await coffeeClub.waitFor();
  await page.getByRole('listitem').filter({ hasText: 'Bean Points' }).waitFor({ state: 'detached' });
  await page.getByLabel('Show').selectOption('draft');
  await page.getByRole('link', { name: 'Rewards of Bean Points' }).click();

  await page.getByRole('heading', { name: 'Rewards · Bean Points' }).waitFor();
  await page.getByText("No reward in this program's catalog yet.").waitFor();
  await screen(page, 'catalog-empty');
  await page.getByRole('button', { name: 'New reward' }).click();
  await page.getByLabel('Reward name').fill('Free muffin');
  await page.getByLabel('Cost in points').fill('50');
  await page.getByLabel('Stock').fill('20');
  await page.getByRole('button', { name: 'Add the reward' }).click();
  await page
    .getByRole('listitem')
    .filter({ hasText: 'Free muffin' })
    .getByText(/50 points · 20 left/)
    .waitFor();
  await page.getByRole('button', { name: 'New reward' }).click();
  await page.getByLabel('Reward name').fill('Old mug');
  await page.getByLabel('Cost in points').fill('500');
  await page.getByRole('button', { name: 'Add the reward' }).click();
  const mug = page.getByRole('listitem').filter({ hasText: 'Old mug' });
  await mug.getByRole('button', { name: 'Delete Old mug' }).click();
  await mug.getByRole('button', { name: 'Yes, delete Old mug' }).click();
  await mug.waitFor({ state: 'detached' });
  await screen(page, 'catalog');

  // What the screens showed is what the API holds.
  const owner = await sessionOf(page);
  const get = async <T>(path: string) => (await call<T>(admin.url, 'GET', `/businesses/${owner.businessId}${path}`, { token: owner.accessToken })).body;
  expect((await get<{ name: string }>('')).name).toBe('Crumb & Co Bakery');
  const [brand] = (await get<{ items: { id: string; name: string; category: string }[] }>('/brands')).items;
  expect(brand).toMatchObject({ name: 'Bean There', category: 'Coffee', logoUrl: 'https://bean-there.test/logo.png' });
  const stores = (await get<{ items: Record<string, unknown>[] }>('/stores')).items;
  expect(stores).toEqual([
    expect.objectContaining({
      brandId: brand?.id,
      name: 'Alexanderplatz',
      timeZone: 'Europe/Berlin',
      address: { city: 'Berlin', country: 'DE' },
      openingHours: [
        { day: 0, opens: '08:00', closes: '18:30' },
        { day: 5, opens: '10:00', closes: '24:00' },
      ],
    }),
  ]);
  const programs = (await get<{ items: { id: string; name: string; status: string; rules: Record<string, unknown> }[] }>('/programs')).items;
  expect(programs.find((p) => p.name === 'Coffee Club')).toMatchObject({
    status: 'active',
    kind: 'stamp',
    rules: { stampsRequired: 10, rewardDescription: 'A free coffee' },
  });
  const points = programs.find((p) => p.name === 'Bean Points');
  expect(points).toMatchObject({
    status: 'draft',
    kind: 'points',
    rules: { currency: 'EUR', pointsPerUnit: 2, tiers: [{ name: 'Gold', minPointsEarned: 500, multiplier: 1.5 }] },
  });
  expect((await get<{ items: unknown[] }>(`/programs/${points?.id}/rewards`)).items).toEqual([
    expect.objectContaining({ name: 'Free muffin', cost: 50, stock: 20, perCustomerLimit: null, status: 'active' }),
  ]);

  // A cashier of the same business: the counter, no back-office link, and a typed back-office URL lands at the counter.
  const cashier = await cashierSession(owner, String(stores[0]?.id));
  const cashierContext = await (await launching!).newContext({ baseURL: under.app.url, viewport: { width: 1024, height: 768 } });
  await cashierContext.addInitScript((session) => localStorage.setItem('loyalty.staff.session', session), JSON.stringify(cashier));
  const till = await cashierContext.newPage();
  await till.goto('/counter');
  await till.getByRole('heading', { name: 'Counter · Crumb & Co Bakery' }).waitFor();
  await till.getByText('Store: Alexanderplatz').waitFor();
  const nav = till.getByRole('navigation', { name: 'Main' });
  expect(await nav.getByRole('link').allTextContents()).toEqual(['Counter', 'Businesses']);
  await screen(till, 'cashier-counter');
  await till.goto('/back-office/programs');
  await till.waitForURL(/\/counter$/);
  await till.getByRole('heading', { name: 'Counter · Crumb & Co Bakery' }).waitFor();
  await cashierContext.close();
}, 240_000);
