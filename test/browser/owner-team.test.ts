import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { AdminGetUserCommand, AdminListGroupsForUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { waitFor } from '@loyalty/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, screenshot, seriousViolations } from '../support/browser.js';
import { call } from '../support/http.js';
import { startStaffApp, type StaffAppUnderTest } from '../support/staff-app.js';

let under: StaffAppUnderTest;
let launching: Promise<Browser> | undefined;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const screens: string[] = [];

beforeAll(async () => {
  launching = launchChromium();
  under = await startStaffApp();
  browser = await launching;
  context = await browser.newContext({ baseURL: under.app.url, viewport: { width: 1024, height: 768 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: under.app.url });
  page = await context.newPage();
  page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
  page.on('console', (message) => {
    // The problems the test provokes on purpose answer 4xx, which Chromium logs as failed loads.
    if (message.type() === 'error' && !/status of 40[139]/.test(message.text())) process.stderr.write(`console error: ${message.text()}\n`);
  });
}, 120_000);
afterAll(async () => {
  if (page) await screenshot(page, 'staff-team-last');
  await (await launching?.catch(() => undefined))?.close();
  await under?.stop();
});

async function screen(on: Page, name: string): Promise<void> {
  screens.push(await screenshot(on, `staff-${name}`));
  expect({ screen: name, violations: await seriousViolations(on) }).toEqual({ screen: name, violations: [] });
}

async function created(answer: Promise<{ status: number; body: Record<string, unknown> }>): Promise<string> {
  const { status, body } = await answer;
  if (status !== 201 && status !== 200) throw new Error(`expected 201, got ${status}: ${JSON.stringify(body)}`);
  return String(body.id);
}

interface Shop {
  token: string;
  businessId: string;
  cardId: string;
  stores: { id: string; name: string }[];
}

/** An owner with a business, two stores, an active stamp program and a customer's card, all set up through the API. */
async function setUpShop(ownerEmail: string): Promise<Shop> {
  const { admin } = under.system;
  const token = await under.system.staffToken(ownerEmail, ['owner']);
  const businessId = await created(call(admin.url, 'POST', '/businesses', { token, body: { name: 'Crumb & Co' } }));
  const brandId = await created(call(admin.url, 'POST', `/businesses/${businessId}/brands`, { token, body: { name: 'Bean There' } }));
  const stores = [];
  for (const name of ['Alexanderplatz', 'Hackescher Markt']) {
    const id = await created(call(admin.url, 'POST', `/businesses/${businessId}/stores`, { token, body: { brandId, name, timeZone: 'Europe/Berlin' } }));
    stores.push({ id, name });
  }
  const programId = await created(
    call(admin.url, 'POST', `/businesses/${businessId}/programs`, {
      token,
      body: { brandId, kind: 'stamp', name: 'Coffee Club', rules: { stampsRequired: 10, rewardDescription: 'A free coffee' } },
    }),
  );
  await created(call(admin.url, 'POST', `/businesses/${businessId}/programs/${programId}/activate`, { token }));
  const customerToken = await under.system.customerToken(`ada-${randomBytes(4).toString('hex')}@example.com`);
  const cardId = await created(call(under.system.customer.url, 'POST', '/me/cards', { token: customerToken, body: { programId } }));
  return { token, businessId, cardId, stores };
}

/** The app's own session, as its sign-in leaves it: the sign-in screens themselves are the staff journey's. */
async function signInAs(on: Page, email: string, accessToken: string, businessId: string): Promise<void> {
  await on.goto('/sign-in');
  await on.evaluate(([key, value]) => localStorage.setItem(key, value), ['loyalty.staff.session', JSON.stringify({ email, accessToken, businessId })] as const);
}

it('lets an owner invite a cashier, change its stores, issue, use and revoke a POS key, find it all in the audit log and download an export', async () => {
  const { admin, clients, topology } = under.system;
  const tag = randomBytes(4).toString('hex');
  const ownerEmail = `owner-${tag}@bakery.test`;
  const cashierEmail = `cashier-${tag}@bakery.test`;
  const shop = await setUpShop(ownerEmail);
  const [alexanderplatz, hackescher] = shop.stores as [Shop['stores'][number], Shop['stores'][number]];
  await signInAs(page, ownerEmail, shop.token, shop.businessId);

  // Staff: the owner alone, then an invitation for a cashier limited to one store.
  await page.goto('/counter');
  await page.getByRole('link', { name: 'Staff' }).click();
  await page.getByRole('heading', { name: 'Staff', level: 1 }).waitFor();
  await page.getByText('Owner · Every store').waitFor();
  await screen(page, 'team');

  const invite = page.getByRole('form', { name: 'Invite a member' });
  await invite.getByLabel('Email').fill(cashierEmail);
  await invite.getByLabel('Role').selectOption({ label: 'Cashier' });
  await invite.getByLabel(alexanderplatz.name).check();
  await invite.getByRole('button', { name: 'Send the invitation' }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `Invitation sent to ${cashierEmail}` })
    .waitFor();
  const cashierRow = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: cashierEmail }) });
  await cashierRow.getByText(`Cashier · ${alexanderplatz.name}`).waitFor();
  // The invitation reached the staff pool: a user who must change the emailed temporary password, in the cashier group.
  const invited = await clients.cognito.send(new AdminGetUserCommand({ UserPoolId: topology.userPools.staff.userPoolId, Username: cashierEmail }));
  expect(invited.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
  const groups = await clients.cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: topology.userPools.staff.userPoolId, Username: invited.Username }));
  expect(groups.Groups?.map((group) => group.GroupName)).toEqual(['cashier']);
  await screen(page, 'team-invited');

  // The API's own rules come back readable: the same address twice, and the last owner demoting themself.
  await invite.getByLabel('Email').fill(cashierEmail);
  await invite.getByRole('button', { name: 'Send the invitation' }).click();
  await invite.getByRole('alert').filter({ hasText: 'There is already a staff account with this email' }).waitFor();
  // The owner's token comes straight from the pool, whose username is the sub: the row is found by its role.
  const ownerRow = page.getByRole('listitem').filter({ hasText: 'Owner · Every store' });
  await ownerRow.getByRole('button', { name: /^Change / }).click();
  await ownerRow.getByLabel(/^Role of /).selectOption({ label: 'Admin' });
  await ownerRow.getByRole('button', { name: 'Save' }).click();
  await ownerRow.getByRole('alert').filter({ hasText: 'The business must keep at least one owner' }).waitFor();
  await screen(page, 'team-problems');
  await ownerRow.getByRole('button', { name: 'Cancel' }).click();

  // A member invited by mistake is removed, after a confirmation.
  const mistakeEmail = `mistake-${tag}@bakery.test`;
  await invite.getByLabel('Email').fill(mistakeEmail);
  await invite.getByLabel('Role').selectOption({ label: 'Manager' });
  await invite.getByRole('button', { name: 'Send the invitation' }).click();
  const mistakeRow = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: mistakeEmail }) });
  await mistakeRow.getByText('Manager · Every store').waitFor();
  await mistakeRow.getByRole('button', { name: `Remove ${mistakeEmail}` }).click();
  await mistakeRow.getByRole('button', { name: 'Yes, remove' }).click();
  await mistakeRow.waitFor({ state: 'detached' });

  // Keyboard only: the cashier's stores move from one store to the other.
  await cashierRow.getByRole('button', { name: `Change ${cashierEmail}` }).focus();
  await page.keyboard.press('Enter');
  await cashierRow.getByLabel(alexanderplatz.name).focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await expect(cashierRow.getByLabel(hackescher.name).isChecked()).resolves.toBe(true);
  await cashierRow.getByRole('button', { name: 'Save' }).focus();
  await page.keyboard.press('Enter');
  await cashierRow.getByText(`Cashier · ${hackescher.name}`).waitFor();
  const staff = await call<{ items: { username: string; role: string; storeIds: string[] | null }[] }>(
    admin.url,
    'GET',
    `/businesses/${shop.businessId}/staff`,
    {
      token: shop.token,
    },
  );
  expect(staff.body.items.find((member) => member.username === cashierEmail)?.storeIds).toEqual([hackescher.id]);
  const ownerName = staff.body.items.find((member) => member.role === 'owner')?.username ?? '';

  // POS keys: issued in the app, the secret shown once and copied, used by a till, then revoked.
  await page.getByRole('link', { name: 'API keys' }).click();
  await page.getByRole('heading', { name: 'POS API keys' }).waitFor();
  await page.getByText('No key issued for this store yet.').waitFor();
  await screen(page, 'api-keys');
  await page.getByLabel('Key name').fill('Till 1');
  await page.getByRole('button', { name: 'Issue the key' }).click();
  await page.getByText('It will not be shown again').waitFor();
  const secret = await page.getByLabel('The key').inputValue();
  expect(secret).toMatch(/^lpk_[0-9a-f-]+_[A-Za-z0-9_-]{43}$/);
  await page.getByRole('button', { name: 'Copy the key' }).click();
  await page.getByText('Copied to the clipboard.').waitFor();
  expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(secret);
  await screen(page, 'api-keys-issued');

  const posTransactionId = `till-1-${tag}`;
  const visit = () =>
    call<{ status: string }>(admin.url, 'POST', `/businesses/${shop.businessId}/transactions`, {
      headers: { authorization: `ApiKey ${secret}`, prefer: 'wait=5' },
      body: { kind: 'visit', posTransactionId, cardId: shop.cardId, storeId: alexanderplatz.id },
    });
  const accepted = await visit();
  expect(accepted.status).toBe(200);
  expect(accepted.body.status).toBe('applied');

  await page.getByRole('button', { name: 'I have stored it' }).click();
  await expect(page.getByLabel('The key').count()).resolves.toBe(0);
  const keyRow = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /Till 1/ }) });
  // Keyboard only: the question takes the focus, so Enter twice revokes.
  await keyRow.getByRole('button', { name: 'Revoke Till 1' }).press('Enter');
  await keyRow.getByRole('button', { name: 'Yes, revoke' }).waitFor();
  expect(await page.evaluate<string | undefined>('document.activeElement?.textContent')).toBe('Yes, revoke');
  await page.keyboard.press('Enter');
  await keyRow.getByText(/revoked/).waitFor();
  expect((await visit()).status).toBe(401);
  await screen(page, 'api-keys-revoked');

  // The audit log: what the owner just did arrives through the outbox, SNS, SQS and the audit writer.
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByRole('heading', { name: 'Audit log' }).waitFor();
  const table = page.getByRole('table');
  const expected = ['staff.invited', 'staff.removed', 'staff.updated', 'api_key.issued', 'api_key.revoked'];
  await waitFor(
    async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      await page.getByRole('button', { name: 'Refresh', exact: true }).waitFor();
      const text = (await table.count()) > 0 ? await table.textContent() : '';
      return expected.every((action) => text?.includes(action)) || undefined;
    },
    { timeoutMs: 30_000, intervalMs: 500, description: 'the audit entries of the owner’s actions' },
  );
  const firstAction = async () => (await table.getByRole('row').nth(1).getByRole('cell').nth(1).textContent()) ?? '';
  expect(await firstAction()).toContain('api_key.revoked');
  // Members and stores are named: the scope change reads as done to the cashier.
  await table.getByRole('row').filter({ hasText: 'staff.updated' }).getByText(`staff member ${cashierEmail}`).waitFor();
  await screen(page, 'audit');

  const filters = page.getByRole('form', { name: 'Filter the audit log' });
  await filters.getByLabel('Category').selectOption({ label: 'Security' });
  await filters.getByLabel('Who').selectOption({ label: ownerName });
  const today = new Date().toISOString().slice(0, 10);
  await filters.getByLabel('From (UTC day)').fill(today);
  await filters.getByLabel('Until (UTC day, included)').fill(today);
  await filters.getByRole('button', { name: 'Show' }).click();
  await waitFor(async () => !(await table.textContent())?.includes('staff.updated') || undefined, { description: 'the staff actions filtered out' });
  for (const action of ['staff.invited', 'api_key.issued', 'api_key.revoked']) await table.getByText(action).first().waitFor();
  await filters.getByLabel('From (UTC day)').fill('2020-01-01');
  await filters.getByLabel('Until (UTC day, included)').fill('2020-01-31');
  await filters.getByRole('button', { name: 'Show' }).click();
  await page.getByText('Nothing recorded for these filters.').waitFor();
  await screen(page, 'audit-filtered');

  // Exports: asked for in the app, followed until ready, downloaded from the presigned link.
  await page.getByRole('link', { name: 'Exports' }).click();
  await page.getByRole('heading', { name: 'Exports', level: 1 }).waitFor();
  await page.getByText('No export asked for yet.').waitFor();
  await screen(page, 'exports');
  await page.getByLabel('What').selectOption({ label: 'Transactions' });
  await page.getByLabel('Format').selectOption({ label: 'CSV (spreadsheets)' });
  await page.getByRole('button', { name: 'Ask for the export' }).click();
  const progress = page.getByRole('region', { name: 'Your export' });
  await progress.getByText(/Transactions, CSV: ready, 1 row/).waitFor({ timeout: 30_000 });
  await screen(page, 'exports-ready');
  const [download] = await Promise.all([page.waitForEvent('download'), progress.getByRole('link', { name: /^Download transactions/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/^transactions-[0-9a-f-]+\.csv\.gz$/);
  const csv = gunzipSync(await readFile(await download.path())).toString('utf8');
  const lines = csv.split('\r\n').filter(Boolean);
  expect(lines[0]).toMatch(/^\ufefftransactionId,kind,status,posTransactionId,/);
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(`,visit,applied,${posTransactionId},`);
  await page.getByRole('listitem').filter({ hasText: 'Transactions, CSV: ready, 1 row' }).waitFor();

  // The invited cashier (now with a password) sees no back office, and a typed URL lands on the counter of their one store.
  const cashierToken = await under.system.staffToken(cashierEmail, []);
  const cashierContext = await browser.newContext({ baseURL: under.app.url, viewport: { width: 1024, height: 768 } });
  const cashierPage = await cashierContext.newPage();
  await signInAs(cashierPage, cashierEmail, cashierToken, shop.businessId);
  for (const path of ['/back-office/team', '/back-office/api-keys', '/back-office/audit', '/back-office/exports']) {
    await cashierPage.goto(path);
    await cashierPage.waitForURL('**/counter');
  }
  await cashierPage.getByText(`Store: ${hackescher.name}`).waitFor();
  await expect(cashierPage.getByRole('link', { name: 'Staff' }).count()).resolves.toBe(0);
  await expect(cashierPage.getByRole('link', { name: 'Audit log' }).count()).resolves.toBe(0);
  await screen(cashierPage, 'team-cashier-counter');
  await cashierContext.close();

  process.stdout.write(`screens: ${screens.map((path) => path.split('/').pop()).join(', ')}\n`);
}, 240_000);
