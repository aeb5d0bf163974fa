import { randomBytes } from 'node:crypto';
import { AdminListGroupsForUserCommand, AdminSetUserPasswordCommand, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { ensureUser } from '@loyalty/topology';
import { securityEvents } from '../support/audit.js';
import { call, type JsonResponse } from '../support/http.js';
import { setUpPointsProgram, type StampShop } from '../support/stamp-program.js';
import { startSystem, type System } from '../support/system.js';
import { totpCode, wrongTotpCode } from '../support/totp.js';

let system: System;
beforeAll(async () => {
  system = await startSystem();
});
afterAll(async () => {
  await system?.stop();
});

interface AuthAnswer {
  status?: 'signed-in' | 'challenge';
  challenge?: string;
  session?: string;
  totp?: { secret: string; uri: string };
  accessToken?: string;
  refreshToken?: string | null;
  code?: string;
}

const STRONG = 'Correct-horse-7-battery';

function auth(path: string, body: Record<string, unknown>, token?: string): Promise<JsonResponse<AuthAnswer>> {
  return call<AuthAnswer>(system.admin.url, 'POST', `/auth/${path}`, { body, ...(token ? { token } : {}) });
}

/** What Cognito emails as the temporary password; set by hand because cognito-local only logs it. */
async function setTemporaryPassword(email: string, password: string): Promise<void> {
  await system.clients.cognito.send(
    new AdminSetUserPasswordCommand({ UserPoolId: system.topology.userPools.staff.userPoolId, Username: email, Password: password, Permanent: false }),
  );
}

async function invite(shop: StampShop, role: string, storeIds?: string[]): Promise<{ email: string; sub: string }> {
  const email = `${role}-${randomBytes(3).toString('hex')}@cafe.test`;
  const invited = await call<{ cognitoSub: string; role: string }>(system.admin.url, 'POST', `/businesses/${shop.businessId}/staff/invitations`, {
    token: shop.staffToken,
    body: { email, role, ...(storeIds ? { storeIds } : {}) },
  });
  expect(invited.status).toBe(201);
  expect(invited.body.role).toBe(role);
  return { email, sub: invited.body.cognitoSub };
}

/** Invitation through first sign-in: temporary password, forced change, TOTP set-up. */
async function onboard(shop: StampShop, role = 'cashier'): Promise<{ email: string; sub: string; secret: string; accessToken: string }> {
  const { email, sub } = await invite(shop, role, [shop.storeId]);
  await setTemporaryPassword(email, 'Temporary-pass-1!');
  const first = await auth('sign-in', { email, password: 'Temporary-pass-1!' });
  const changed = await auth('challenge', { email, session: first.body.session, challenge: 'NEW_PASSWORD_REQUIRED', newPassword: STRONG });
  const secret = changed.body.totp!.secret;
  const done = await auth('challenge', { email, session: changed.body.session, challenge: 'MFA_SETUP', code: totpCode(secret) });
  return { email, sub, secret, accessToken: done.body.accessToken! };
}

describe('staff sign-in', () => {
  it('takes an invited member from the temporary password through a new password and TOTP set-up to working tokens', async () => {
    const shop = await setUpPointsProgram(system, { currency: 'EUR', pointsPerUnit: 1 });
    const { email, sub } = await invite(shop, 'cashier', [shop.storeId]);
    const groups = await system.clients.cognito.send(
      new AdminListGroupsForUserCommand({ UserPoolId: system.topology.userPools.staff.userPoolId, Username: sub }),
    );
    expect(groups.Groups?.map((group) => group.GroupName)).toEqual(['cashier']);

    await setTemporaryPassword(email, 'Temporary-pass-1!');
    const first = await auth('sign-in', { email, password: 'Temporary-pass-1!' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'challenge', challenge: 'NEW_PASSWORD_REQUIRED' });
    expect(first.body.accessToken).toBeUndefined();

    const weak = await auth('challenge', { email, session: first.body.session, challenge: 'NEW_PASSWORD_REQUIRED', newPassword: 'password' });
    expect(weak.status).toBe(400);
    expect(weak.body.code).toBe('PASSWORD_POLICY');

    const changed = await auth('challenge', { email, session: first.body.session, challenge: 'NEW_PASSWORD_REQUIRED', newPassword: STRONG });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ status: 'challenge', challenge: 'MFA_SETUP', totp: { secret: expect.stringMatching(/^[A-Z2-7]+=*$/) } });
    expect(changed.body.totp!.uri).toMatch(/^otpauth:\/\/totp\//);
    expect(changed.body.accessToken).toBeUndefined();
    const secret = changed.body.totp!.secret;

    const wrong = await auth('challenge', { email, session: changed.body.session, challenge: 'MFA_SETUP', code: wrongTotpCode(secret) });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('INVALID_MFA_CODE');

    const tampered = await auth('challenge', { email, session: `${changed.body.session!.slice(0, -2)}xx`, challenge: 'MFA_SETUP', code: totpCode(secret) });
    expect(tampered.status).toBe(401);
    expect(tampered.body.code).toBe('SESSION_INVALID');

    const done = await auth('challenge', { email, session: changed.body.session, challenge: 'MFA_SETUP', code: totpCode(secret) });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'signed-in', accessToken: expect.any(String) });

    const stores = await call(system.admin.url, 'GET', `/businesses/${shop.businessId}/stores`, { token: done.body.accessToken! });
    expect(stores.status).toBe(200);
    const sale = await call(system.admin.url, 'POST', `/businesses/${shop.businessId}/transactions`, {
      token: done.body.accessToken!,
      body: {
        kind: 'purchase',
        posTransactionId: `pos-${randomBytes(4).toString('hex')}`,
        cardId: shop.cardId,
        storeId: shop.storeId,
        amount: 4_50,
        currency: 'EUR',
      },
    });
    expect(sale.status).toBeLessThan(300);
    const configure = await call(system.admin.url, 'POST', `/businesses/${shop.businessId}/brands`, {
      token: done.body.accessToken!,
      body: { name: 'Not mine' },
    });
    expect(configure.status).toBe(403);

    expect((await securityEvents(system, 'staff.invited')).map((event) => event.payload.subject?.id)).toContain(sub);
    const enabled = await securityEvents(system, 'mfa.enabled');
    expect(enabled).toContainEqual(
      expect.objectContaining({ business_id: shop.businessId, payload: expect.objectContaining({ actor: expect.objectContaining({ id: sub }) }) }),
    );
  });

  it('asks for the TOTP code on every later sign-in and refuses a wrong one', async () => {
    const shop = await setUpPointsProgram(system, { currency: 'EUR', pointsPerUnit: 1 });
    const { email, sub, secret } = await onboard(shop);

    const again = await auth('sign-in', { email, password: STRONG });
    expect(again.body).toMatchObject({ status: 'challenge', challenge: 'SOFTWARE_TOKEN_MFA' });
    expect(again.body.totp).toBeUndefined();

    const wrong = await auth('challenge', { email, session: again.body.session, challenge: 'SOFTWARE_TOKEN_MFA', code: wrongTotpCode(secret) });
    expect(wrong.status).toBe(401);
    const otherEmail = await auth('challenge', {
      email: 'someone@cafe.test',
      session: again.body.session,
      challenge: 'SOFTWARE_TOKEN_MFA',
      code: totpCode(secret),
    });
    expect(otherEmail.status).toBe(401);

    const done = await auth('challenge', { email, session: again.body.session, challenge: 'SOFTWARE_TOKEN_MFA', code: totpCode(secret) });
    expect(done.status).toBe(200);
    expect((await call(system.admin.url, 'GET', `/businesses/${shop.businessId}/stores`, { token: done.body.accessToken! })).status).toBe(200);

    const succeeded = await securityEvents(system, 'sign_in.succeeded');
    expect(succeeded.filter((event) => event.payload.actor.id === sub && event.business_id === shop.businessId)).toHaveLength(2);
    const failed = await securityEvents(system, 'sign_in.failed');
    expect(failed.some((event) => event.payload.details.reason === 'INVALID_MFA_CODE')).toBe(true);
  });

  it('locks the account after ten wrong TOTP codes, even against the right one', async () => {
    const shop = await setUpPointsProgram(system, { currency: 'EUR', pointsPerUnit: 1 });
    const { email, secret } = await onboard(shop);
    const challenge = await auth('sign-in', { email, password: STRONG });
    for (let attempt = 0; attempt < 10; attempt++) {
      const wrong = await auth('challenge', { email, session: challenge.body.session, challenge: 'SOFTWARE_TOKEN_MFA', code: wrongTotpCode(secret) });
      expect(wrong.status).toBe(401);
    }
    const locked = await auth('challenge', { email, session: challenge.body.session, challenge: 'SOFTWARE_TOKEN_MFA', code: totpCode(secret) });
    expect([locked.status, locked.body.code]).toEqual([429, 'ACCOUNT_LOCKED']);
    expect((await auth('sign-in', { email, password: STRONG })).status).toBe(429);
  });

  it('refuses a wrong password without telling whether the account exists', async () => {
    const shop = await setUpPointsProgram(system, { currency: 'EUR', pointsPerUnit: 1 });
    const { email } = await onboard(shop);
    const wrong = await auth('sign-in', { email, password: 'Not-the-password-1!' });
    const unknown = await auth('sign-in', { email: `nobody-${randomBytes(3).toString('hex')}@cafe.test`, password: 'Not-the-password-1!' });
    expect([wrong.status, wrong.body.code]).toEqual([401, 'SIGN_IN_FAILED']);
    expect([unknown.status, unknown.body.code]).toEqual([401, 'SIGN_IN_FAILED']);
  });

  it('signs out: the access token stops working at once', async () => {
    const shop = await setUpPointsProgram(system, { currency: 'EUR', pointsPerUnit: 1 });
    const { accessToken, sub } = await onboard(shop);
    expect((await call(system.admin.url, 'GET', `/businesses/${shop.businessId}/stores`, { token: accessToken })).status).toBe(200);
    expect((await call(system.admin.url, 'POST', '/auth/sign-out', { token: accessToken })).status).toBe(204);
    expect((await call(system.admin.url, 'GET', `/businesses/${shop.businessId}/stores`, { token: accessToken })).status).toBe(401);
    expect((await auth('sign-out', {})).status).toBe(401);
    expect((await securityEvents(system, 'sign_out')).map((event) => event.payload.actor.id)).toContain(sub);
  });

  it('refreshes tokens with a refresh token and refuses a made-up one', async () => {
    // cognito-local keeps refresh tokens only from plain password sign-ins, so this one comes from Cognito directly.
    const user = await ensureUser(system.clients.cognito, system.topology.userPools.staff, `refresh-${randomBytes(3).toString('hex')}@cafe.test`);
    const direct = await system.clients.cognito.send(
      new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: user.clientId, AuthParameters: { USERNAME: user.email, PASSWORD: user.password } }),
    );
    const refreshed = await auth('refresh', { refreshToken: direct.AuthenticationResult!.RefreshToken });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.accessToken).toEqual(expect.any(String));
    expect((await auth('refresh', { refreshToken: 'made-up' })).status).toBe(401);
  });

  it('moves a member to the new role’s Cognito group when the role changes, and audits it', async () => {
    const shop = await setUpPointsProgram(system, { currency: 'EUR', pointsPerUnit: 1 });
    const { sub } = await invite(shop, 'cashier');
    const changed = await call(system.admin.url, 'PATCH', `/businesses/${shop.businessId}/staff/${sub}`, { token: shop.staffToken, body: { role: 'manager' } });
    expect(changed.status).toBe(200);
    const groups = await system.clients.cognito.send(
      new AdminListGroupsForUserCommand({ UserPoolId: system.topology.userPools.staff.userPoolId, Username: sub }),
    );
    expect(groups.Groups?.map((group) => group.GroupName)).toEqual(['manager']);
    const audit = await securityEvents(system, 'role.changed');
    expect(audit).toContainEqual(
      expect.objectContaining({
        business_id: shop.businessId,
        payload: expect.objectContaining({ subject: { type: 'staff_user', id: sub }, details: { from: 'cashier', to: 'manager' } }),
      }),
    );
  });

  it('lets only owners and admins invite, and only owners invite owners', async () => {
    const shop = await setUpPointsProgram(system, { currency: 'EUR', pointsPerUnit: 1 });
    const { accessToken } = await onboard(shop, 'admin');
    const asAdmin = (role: string) =>
      call(system.admin.url, 'POST', `/businesses/${shop.businessId}/staff/invitations`, {
        token: accessToken,
        body: { email: `${role}-${randomBytes(3).toString('hex')}@cafe.test`, role },
      });
    expect((await asAdmin('manager')).status).toBe(201);
    expect((await asAdmin('owner')).status).toBe(403);
    const { accessToken: cashier } = await onboard(shop, 'cashier');
    const byCashier = await call(system.admin.url, 'POST', `/businesses/${shop.businessId}/staff/invitations`, {
      token: cashier,
      body: { email: 'x@cafe.test', role: 'cashier' },
    });
    expect(byCashier.status).toBe(403);
  });
});
