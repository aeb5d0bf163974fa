import { randomBytes } from 'node:crypto';
import { AdminListGroupsForUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { securityEvents } from '../support/audit.js';
import { confirmationCodeFor } from '../support/confirmation-code.js';
import { call, type JsonResponse } from '../support/http.js';
import { setUpPointsProgram } from '../support/stamp-program.js';
import { startSystem, type System } from '../support/system.js';
import { totpCode } from '../support/totp.js';

/** A new owner who starts with nothing: sign up, confirm, sign in with TOTP, found a business, run it. */

let system: System;
beforeAll(async () => {
  system = await startSystem({ processors: false, env: { BUSINESS_FOUNDING_LIMIT: '3/86400' } });
});
afterAll(async () => {
  await system?.stop();
});

interface Answer {
  status?: string;
  challenge?: string;
  session?: string;
  totp?: { secret: string; uri: string };
  accessToken?: string;
  code?: string;
  detail?: string;
}

interface BusinessView {
  id: string;
  name: string;
  plan: string;
  createdAt: string;
  code?: string;
}

interface MyBusinesses {
  items: { id: string; name: string; plan: string; role: string; storeIds: string[] | null }[];
}

const PASSWORD = 'Founder-pass-7!';
const newEmail = () => `founder-${randomBytes(4).toString('hex')}@bakery.test`;
const auth = (path: string, body: Record<string, unknown>): Promise<JsonResponse<Answer>> => call<Answer>(system.admin.url, 'POST', `/auth/${path}`, { body });
const staffPool = () => system.topology.userPools.staff;

/** Sign-up through the first token, exactly as the staff app does it. */
async function signUpAndSignIn(email: string): Promise<string> {
  expect((await auth('sign-up', { email, password: PASSWORD })).status).toBe(202);
  expect((await auth('confirm', { email, code: await confirmationCodeFor(staffPool().userPoolId, email) })).status).toBe(204);
  const first = await auth('sign-in', { email, password: PASSWORD });
  expect(first.body).toMatchObject({ status: 'challenge', challenge: 'MFA_SETUP' });
  const done = await auth('challenge', { email, session: first.body.session, challenge: 'MFA_SETUP', code: totpCode(first.body.totp!.secret) });
  expect(done.body.status).toBe('signed-in');
  return done.body.accessToken!;
}

describe('self-serve onboarding', () => {
  it('takes a new owner from sign-up through TOTP to their own business, with no Cognito group assigned by anyone', async () => {
    const email = newEmail();
    const token = await signUpAndSignIn(email);
    const groups = await system.clients.cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: staffPool().userPoolId, Username: email }));
    expect(groups.Groups ?? []).toEqual([]);

    expect((await call<MyBusinesses>(system.admin.url, 'GET', '/me/businesses', { token })).body).toEqual({ items: [] });

    const founded = await call<BusinessView>(system.admin.url, 'POST', '/businesses', { token, body: { name: 'Crumb & Co' } });
    expect(founded.status).toBe(201);
    expect(founded.body).toEqual({ id: expect.any(String), name: 'Crumb & Co', plan: 'standard', createdAt: expect.any(String) });
    expect(founded.headers.get('location')).toBe(`/businesses/${founded.body.id}`);

    const mine = await call<MyBusinesses>(system.admin.url, 'GET', '/me/businesses', { token });
    expect(mine.body.items).toEqual([
      { id: founded.body.id, name: 'Crumb & Co', plan: 'standard', role: 'owner', storeIds: null, createdAt: founded.body.createdAt },
    ]);

    // Ownership is the member row, so the owner may configure the business at once.
    const brand = await call(system.admin.url, 'POST', `/businesses/${founded.body.id}/brands`, { token, body: { name: 'Crumb' } });
    expect(brand.status).toBe(201);

    const { sub } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string };
    const registered = (await securityEvents(system, 'registered')).filter((event) => event.payload.subject?.id === sub);
    expect(registered.map((event) => event.payload.actor)).toEqual([{ type: 'staff', id: sub, username: email }]);
  });

  it('refuses a weak password, a taken email and a wrong code with their codes, and keeps an unconfirmed user out', async () => {
    const email = newEmail();
    const weak = await auth('sign-up', { email, password: 'short' });
    expect([weak.status, weak.body.code]).toEqual([400, 'PASSWORD_POLICY']);
    expect((await auth('sign-up', { email, password: PASSWORD })).status).toBe(202);
    const again = await auth('sign-up', { email, password: PASSWORD });
    expect([again.status, again.body.code]).toEqual([409, 'STAFF_USER_EXISTS']);

    const unconfirmed = await auth('sign-in', { email, password: PASSWORD });
    expect([unconfirmed.status, unconfirmed.body.code]).toEqual([403, 'NOT_CONFIRMED']);
    const wrongPassword = await auth('sign-in', { email, password: `${PASSWORD}x` });
    expect([wrongPassword.status, wrongPassword.body.code]).toEqual([401, 'SIGN_IN_FAILED']);

    const code = await confirmationCodeFor(staffPool().userPoolId, email);
    const wrong = await auth('confirm', { email, code: code === '000000' ? '111111' : '000000' });
    expect([wrong.status, wrong.body.code]).toEqual([400, 'CODE_MISMATCH']);
    const unknown = await auth('confirm', { email: newEmail(), code });
    expect([unknown.status, unknown.body.code]).toEqual([400, 'CODE_MISMATCH']);
    const malformed = await auth('sign-up', { email: 'not-an-email', password: PASSWORD });
    expect([malformed.status, malformed.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('resends the code to an unconfirmed user, with the same answer for anyone else', async () => {
    const email = newEmail();
    expect((await auth('sign-up', { email, password: PASSWORD })).status).toBe(202);
    const first = await confirmationCodeFor(staffPool().userPoolId, email);
    let second = first;
    for (let attempt = 0; second === first && attempt < 3; attempt++) {
      expect((await auth('resend-code', { email })).status).toBe(202);
      second = await confirmationCodeFor(staffPool().userPoolId, email);
    }
    expect(second).not.toBe(first);
    expect((await auth('confirm', { email, code: second })).status).toBe(204);
    const confirmed = await auth('resend-code', { email });
    const unknown = await auth('resend-code', { email: newEmail() });
    expect([confirmed.status, confirmed.body]).toEqual([202, unknown.body]);
  });

  it('lets one user found only so many businesses a day, with a clear code and when to retry', async () => {
    const token = await signUpAndSignIn(newEmail());
    for (let n = 1; n <= 3; n++) {
      expect((await call(system.admin.url, 'POST', '/businesses', { token, body: { name: `Shop ${n}` } })).status).toBe(201);
    }
    const refused = await call<BusinessView>(system.admin.url, 'POST', '/businesses', { token, body: { name: 'Shop 4' } });
    expect([refused.status, refused.body.code]).toEqual([429, 'BUSINESS_LIMIT_REACHED']);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(86_000);
    expect((await call<MyBusinesses>(system.admin.url, 'GET', '/me/businesses', { token })).body.items.map((b) => b.name)).toEqual([
      'Shop 1',
      'Shop 2',
      'Shop 3',
    ]);
    // Another user's budget is their own.
    expect((await call(system.admin.url, 'POST', '/businesses', { token: await signUpAndSignIn(newEmail()), body: { name: 'Other' } })).status).toBe(201);
  });
});

describe('the business resource', () => {
  it('is read by any member, changed by owners and admins, validated, and hidden from other tenants', async () => {
    const shop = await setUpPointsProgram(system, { currency: 'EUR', pointsPerUnit: 1 });
    const other = await setUpPointsProgram(system, { currency: 'EUR', pointsPerUnit: 1 });
    const path = `/businesses/${shop.businessId}`;
    const cashierEmail = newEmail();
    const cashierToken = await system.staffToken(cashierEmail, []);
    const { sub } = JSON.parse(Buffer.from(cashierToken.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string };
    const added = await call(system.admin.url, 'POST', `${path}/staff`, {
      token: shop.staffToken,
      body: { username: cashierEmail, cognitoSub: sub, role: 'cashier', storeIds: [shop.storeId] },
    });
    expect(added.status).toBe(201);

    const read = await call<BusinessView>(system.admin.url, 'GET', path, { token: cashierToken });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: shop.businessId, plan: 'standard' });
    const cashierList = await call<MyBusinesses>(system.admin.url, 'GET', '/me/businesses', { token: cashierToken });
    expect(cashierList.body.items).toEqual([expect.objectContaining({ id: shop.businessId, role: 'cashier', storeIds: [shop.storeId] })]);

    const renamed = await call<BusinessView>(system.admin.url, 'PATCH', path, { token: shop.staffToken, body: { name: '  Cafe Deux  ' } });
    expect([renamed.status, renamed.body.name]).toEqual([200, 'Cafe Deux']);
    expect((await call<BusinessView>(system.admin.url, 'GET', path, { token: shop.staffToken })).body.name).toBe('Cafe Deux');

    const byCashier = await call<BusinessView>(system.admin.url, 'PATCH', path, { token: cashierToken, body: { name: 'Mine now' } });
    expect([byCashier.status, byCashier.body.code]).toEqual([403, 'FORBIDDEN']);
    for (const body of [{ name: '' }, { name: 'x'.repeat(201) }, { plan: 'pro' }, { name: 42 }]) {
      const invalid = await call<BusinessView>(system.admin.url, 'PATCH', path, { token: shop.staffToken, body });
      expect([invalid.status, invalid.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    expect((await call<BusinessView>(system.admin.url, 'GET', path, { token: shop.staffToken })).body).toMatchObject({ name: 'Cafe Deux', plan: 'standard' });

    for (const method of ['GET', 'PATCH']) {
      const foreign = await call<BusinessView>(system.admin.url, method, path, {
        token: other.staffToken,
        ...(method === 'PATCH' ? { body: { name: 'Taken' } } : {}),
      });
      expect([method, foreign.status, foreign.body.code]).toEqual([method, 404, 'NOT_FOUND']);
    }
    const unknown = await call<BusinessView>(system.admin.url, 'GET', '/businesses/00000000-0000-4000-8000-000000000000', { token: shop.staffToken });
    expect(unknown.status).toBe(404);
  });
});
