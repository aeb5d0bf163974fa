import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeUserPoolClientCommand, SetUserPoolMfaConfigCommand, UpdateUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createLogger } from '@loyalty/platform';
import { documentClient, tableName } from '@loyalty/tables';
import type { RunningApi } from '@loyalty/runtime/api';
import { loadCustomerConfig } from '../../services/customer/src/config.js';
import { startCustomerServer } from '../../services/customer/src/server.js';
import { dynamoDeviceSessions } from '../../services/customer/src/data-access/device-sessions.js';
import { confirmationCodeFor } from '../support/confirmation-code.js';
import { call } from '../support/http.js';
import { startFakeIdentityProvider, type FakeIdentityProvider } from '../support/fake-identity-provider.js';
import { startSystem, type System } from '../support/system.js';

/**
 * cognito-local has no AdminLinkProviderForUser or AdminDisableProviderForUser (locally the API answers
 * them 501, tested below without the proxy). The customer API talks to Cognito through this proxy: those
 * two are answered here (and recorded, so the test sees exactly what we asked Cognito for); everything
 * else reaches the real cognito-local.
 */
interface FakeCognito {
  url: string;
  calls: { target: string; body: unknown }[];
  stop(): Promise<void>;
}

interface CognitoRequest {
  Username: string;
  DestinationUser: { ProviderAttributeValue: string };
  SourceUser: { ProviderName: string; ProviderAttributeValue: string };
  User: { ProviderAttributeValue: string };
}

async function startCognitoProxy(upstream: string): Promise<FakeCognito> {
  const calls: FakeCognito['calls'] = [];
  const links = new Map<string, { providerName: string; userId: string }[]>();
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const target = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    const body = (raw ? JSON.parse(raw) : {}) as CognitoRequest;
    const answer = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(payload));
    };
    if (target === 'AdminLinkProviderForUser') {
      calls.push({ target, body });
      const username = body.DestinationUser.ProviderAttributeValue;
      links.set(username, [...(links.get(username) ?? []), { providerName: body.SourceUser.ProviderName, userId: body.SourceUser.ProviderAttributeValue }]);
      return answer(200, {});
    }
    if (target === 'AdminDisableProviderForUser') {
      calls.push({ target, body });
      for (const [username, identities] of links)
        links.set(
          username,
          identities.filter((i) => i.userId !== body.User.ProviderAttributeValue),
        );
      return answer(200, {});
    }
    const forwarded = await fetch(upstream, {
      method: 'POST',
      headers: { 'content-type': String(req.headers['content-type']), 'x-amz-target': String(req.headers['x-amz-target']) },
      body: raw,
    });
    const text = await forwarded.text();
    const linked = target === 'AdminGetUser' && forwarded.ok ? links.get(body.Username) : undefined;
    if (!linked?.length) {
      res.writeHead(forwarded.status, { 'content-type': forwarded.headers.get('content-type') ?? 'application/x-amz-json-1.1' });
      return res.end(text);
    }
    const user = JSON.parse(text) as { UserAttributes: { Name: string; Value: string }[] };
    return answer(200, { ...user, UserAttributes: [...user.UserAttributes, { Name: 'identities', Value: JSON.stringify(linked) }] });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** RFC 6238 with the authenticator-app defaults (SHA-1, 6 digits, 30 s). */
function totp(base32Secret: string, at = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of base32Secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)));
  const hmac = createHmac('sha1', key).update(counter).digest();
  const offset = hmac[hmac.length - 1]! & 0xf;
  return String((hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

const PASSWORD = 'correct-horse-42';
const USER_AGENT = 'customer-auth-test/1.0';

const GOOGLE_CLIENT_ID = 'loyalty-app.apps.example';

const cognitoLocal = process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER ?? '';

let system: System;
let cognito: FakeCognito;
let google: FakeIdentityProvider;
beforeAll(async () => {
  cognito = await startCognitoProxy(cognitoLocal);
  google = await startFakeIdentityProvider();
  system = await startSystem({
    processors: false,
    env: {
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognito.url,
      COGNITO_DOMAIN_URL: cognitoLocal,
      GOOGLE_CLIENT_ID,
      GOOGLE_ISSUER: google.issuer,
      GOOGLE_JWKS_URI: google.jwksUri,
    },
  });
});
afterAll(async () => {
  await system?.stop();
  await cognito?.stop();
  await google?.stop();
});

const pool = () => system.topology.userPools.customers;
const api = <T = Record<string, string>>(method: string, path: string, options: { token?: string; body?: unknown } = {}) =>
  call<T>(system.customer.url, method, path, { ...options, headers: { 'user-agent': USER_AGENT } });
const newEmail = () => `a-${randomBytes(4).toString('hex')}@example.com`;

async function registeredAndConfirmed(email = newEmail(), password = PASSWORD): Promise<string> {
  expect((await api('POST', '/auth/register', { body: { email, password, displayName: 'Ada' } })).status).toBe(202);
  expect((await api('POST', '/auth/confirm', { body: { email, code: await confirmationCodeFor(pool().userPoolId, email) } })).status).toBe(204);
  return email;
}

async function signedIn(email: string, password = PASSWORD): Promise<{ accessToken: string; refreshToken: string }> {
  const answer = await api('POST', '/auth/sign-in', { body: { email, password } });
  expect(answer.status).toBe(200);
  return answer.body as { accessToken: string; refreshToken: string };
}

async function securityActions(aggregateId: string): Promise<string[]> {
  const rows = await system.customer.orm.em
    .fork()
    .execute<{ action: string }[]>(
      `select payload->>'action' as action from messaging.outbox where event_type = 'audit.security' and aggregate_id = ? order by id`,
      [aggregateId],
    );
  return rows.map((row) => row.action);
}

describe('customer sign-up and sessions', () => {
  it('registers, confirms, signs in, uses and refreshes the token, and signs out for good', async () => {
    const email = newEmail();
    const weak = await api('POST', '/auth/register', { body: { email, password: 'short1', displayName: 'Ada' } });
    expect(weak.status).toBe(400);
    expect(weak.body.code).toBe('PASSWORD_POLICY');
    expect((await api('POST', '/auth/register', { body: { email, password: 'no-digits-at-all', displayName: 'Ada' } })).body.code).toBe('PASSWORD_POLICY');

    expect((await api('POST', '/auth/register', { body: { email, password: PASSWORD, displayName: 'Ada Lovelace' } })).status).toBe(202);
    const again = await api('POST', '/auth/register', { body: { email, password: PASSWORD, displayName: 'Ada' } });
    expect([again.status, again.body.code]).toEqual([409, 'USER_EXISTS']);

    const early = await api('POST', '/auth/sign-in', { body: { email, password: PASSWORD } });
    expect([early.status, early.body.code]).toEqual([403, 'NOT_CONFIRMED']);

    const code = await confirmationCodeFor(pool().userPoolId, email);
    const wrongCode = code === '000000' ? '111111' : '000000';
    const mismatch = await api('POST', '/auth/confirm', { body: { email, code: wrongCode } });
    expect([mismatch.status, mismatch.body.code]).toEqual([400, 'CODE_MISMATCH']);
    expect((await api('POST', '/auth/confirm', { body: { email, code } })).status).toBe(204);

    const tokens = await signedIn(email.toUpperCase());
    expect(tokens).toEqual(expect.objectContaining({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: expect.any(Number) }));
    const me = await api('GET', '/me', { token: tokens.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toEqual(expect.objectContaining({ email, displayName: 'Ada Lovelace' }));

    const refreshed = await api('POST', '/auth/refresh', { body: { refreshToken: tokens.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect((await api('GET', '/me', { token: refreshed.body.accessToken })).status).toBe(200);

    expect((await api('POST', '/auth/sign-out', { token: tokens.accessToken, body: { refreshToken: tokens.refreshToken } })).status).toBe(204);
    const afterSignOut = await api('GET', '/me', { token: tokens.accessToken });
    expect(afterSignOut.status).toBe(401);
    const revoked = await api('POST', '/auth/refresh', { body: { refreshToken: tokens.refreshToken } });
    expect([revoked.status, revoked.body.code]).toEqual([401, 'INVALID_REFRESH_TOKEN']);

    const sub = String(
      me.body.id
        ? (await system.customer.orm.em.fork().execute<{ cognito_sub: string }[]>(`select cognito_sub from customer.customers where id = ?`, [me.body.id]))[0]
            ?.cognito_sub
        : '',
    );
    expect(await securityActions(sub)).toEqual(['registered', 'sign_in.succeeded', 'sign_out']);
    expect(await securityActions(email)).toEqual(['sign_in.failed']);
    const [event] = await system.customer.orm.em
      .fork()
      .execute<{ payload: { ip: string | null; userAgent: string | null; actor: { type: string; id: string } } }[]>(
        `select payload from messaging.outbox where event_type = 'audit.security' and aggregate_id = ? and payload->>'action' = 'sign_out'`,
        [sub],
      );
    expect(event?.payload).toEqual(
      expect.objectContaining({
        ip: expect.stringContaining('127.0.0.1'),
        userAgent: USER_AGENT,
        actor: expect.objectContaining({ type: 'customer', id: sub }),
      }),
    );
  });

  it('answers a wrong password and an unknown account the same way', async () => {
    const email = await registeredAndConfirmed();
    const wrongPassword = await api('POST', '/auth/sign-in', { body: { email, password: 'wrong-password-1' } });
    const unknown = await api('POST', '/auth/sign-in', { body: { email: newEmail(), password: 'wrong-password-1' } });
    expect(wrongPassword.status).toBe(401);
    expect(wrongPassword.body.code).toBe('INVALID_CREDENTIALS');
    expect({ status: unknown.status, code: unknown.body.code, detail: unknown.body.detail }).toEqual({
      status: 401,
      code: 'INVALID_CREDENTIALS',
      detail: wrongPassword.body.detail,
    });
  });

  it('resends the confirmation code (locally through cognito-local), with the same answer for unknown and confirmed addresses', async () => {
    const email = newEmail();
    expect((await api('POST', '/auth/register', { body: { email, password: PASSWORD, displayName: 'Ada' } })).status).toBe(202);
    const first = await confirmationCodeFor(pool().userPoolId, email);
    let second = first;
    for (let attempt = 0; second === first && attempt < 3; attempt++) {
      expect((await api('POST', '/auth/resend-code', { body: { email } })).status).toBe(202);
      second = await confirmationCodeFor(pool().userPoolId, email);
    }
    expect(second).not.toBe(first);
    expect((await api('POST', '/auth/confirm', { body: { email, code: first } })).body.code).toBe('CODE_MISMATCH');
    expect((await api('POST', '/auth/confirm', { body: { email, code: second } })).status).toBe(204);
    await signedIn(email);

    const confirmed = await api('POST', '/auth/resend-code', { body: { email } });
    const unknown = await api('POST', '/auth/resend-code', { body: { email: newEmail() } });
    expect([confirmed.status, confirmed.body]).toEqual([202, unknown.body]);
    expect(unknown.status).toBe(202);
    await expect(confirmationCodeFor(pool().userPoolId, email)).rejects.toThrow('no code stored');
  });

  it('resets a forgotten password with the emailed code', async () => {
    const email = await registeredAndConfirmed();
    expect((await api('POST', '/auth/forgot-password', { body: { email: newEmail() } })).status).toBe(202);
    expect((await api('POST', '/auth/forgot-password', { body: { email } })).status).toBe(202);
    const code = await confirmationCodeFor(pool().userPoolId, email);
    const newPassword = 'another-secret-77';

    expect((await api('POST', '/auth/reset-password', { body: { email, code, password: 'weak' } })).body.code).toBe('PASSWORD_POLICY');
    const wrong = await api('POST', '/auth/reset-password', { body: { email, code: code === '000000' ? '111111' : '000000', password: newPassword } });
    expect([wrong.status, wrong.body.code]).toEqual([400, 'CODE_MISMATCH']);
    expect((await api('POST', '/auth/reset-password', { body: { email, code, password: newPassword } })).status).toBe(204);

    expect((await api('POST', '/auth/sign-in', { body: { email, password: PASSWORD } })).status).toBe(401);
    await signedIn(email, newPassword);
    expect(await securityActions(email)).toEqual(['password.reset_requested', 'password.reset', 'sign_in.failed']);
  });
});

describe('authenticator MFA', () => {
  // Optional MFA is a pool setting (Cognito's default is OFF); the customer pool in AWS is set the same way.
  beforeAll(async () => {
    await system.clients.cognito.send(
      new SetUserPoolMfaConfigCommand({ UserPoolId: pool().userPoolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }),
    );
  });

  it('enrols an authenticator, then sign-in asks for its code, until MFA is turned off', async () => {
    const email = await registeredAndConfirmed();
    const { accessToken } = await signedIn(email);
    const enrolment = await api('POST', '/me/mfa/totp', { token: accessToken });
    expect(enrolment.status).toBe(200);
    const secret = enrolment.body.secret as string;
    expect(enrolment.body.otpauthUri).toBe(
      `otpauth://totp/${encodeURIComponent(`Loyalty:${email}`)}?secret=${secret}&issuer=Loyalty&algorithm=SHA1&digits=6&period=30`,
    );

    const badVerify = await api('POST', '/me/mfa/totp/verify', { token: accessToken, body: { code: totp(secret, Date.now() - 600_000) } });
    expect([badVerify.status, badVerify.body.code]).toEqual([400, 'CODE_MISMATCH']);
    expect((await api('POST', '/me/mfa/totp/verify', { token: accessToken, body: { code: totp(secret) } })).status).toBe(204);

    const challenged = await api('POST', '/auth/sign-in', { body: { email, password: PASSWORD } });
    expect(challenged.status).toBe(200);
    expect(challenged.body).toEqual({ challenge: 'SOFTWARE_TOKEN_MFA', session: expect.any(String) });
    const wrong = await api('POST', '/auth/mfa', { body: { email, session: challenged.body.session, code: totp(secret, Date.now() - 600_000) } });
    expect([wrong.status, wrong.body.code]).toEqual([400, 'CODE_MISMATCH']);
    const answered = await api('POST', '/auth/mfa', { body: { email, session: challenged.body.session, code: totp(secret) } });
    expect(answered.status).toBe(200);
    expect((await api('GET', '/me', { token: answered.body.accessToken })).status).toBe(200);

    expect((await api('DELETE', '/me/mfa', { token: answered.body.accessToken })).status).toBe(204);
    expect((await signedIn(email)).accessToken).toEqual(expect.any(String));

    const me = await api('GET', '/me', { token: answered.body.accessToken });
    const [row] = await system.customer.orm.em
      .fork()
      .execute<{ cognito_sub: string }[]>(`select cognito_sub from customer.customers where id = ?`, [me.body.id]);
    expect(await securityActions(row!.cognito_sub)).toEqual([
      'registered',
      'sign_in.succeeded',
      'mfa.enabled',
      'sign_in.succeeded',
      'mfa.disabled',
      'sign_in.succeeded',
    ]);
  });
});

describe('social sign-in', () => {
  const redirectUri = 'https://app.example/callback';
  const pkce = () => {
    const verifier = randomBytes(32).toString('base64url');
    return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
  };

  /** Signs in on cognito-local's hosted UI, as a browser would, and returns the authorization code. */
  async function hostedUiCode(email: string, challenge: string): Promise<string> {
    const form = new URLSearchParams({
      client_id: pool().clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      scope: 'openid',
      state: 's',
      username: email,
      password: PASSWORD,
    });
    const response = await fetch(`${process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER}/oauth2/authorize`, {
      method: 'POST',
      body: form,
      redirect: 'manual',
    });
    const code = new URL(response.headers.get('location') ?? 'https://x/').searchParams.get('code');
    if (!code) throw new Error(`hosted UI answered ${response.status} without a code`);
    return code;
  }

  beforeAll(async () => {
    await system.clients.cognito.send(
      new UpdateUserPoolClientCommand({ UserPoolId: pool().userPoolId, ClientId: pool().clientId, CallbackURLs: [redirectUri] }),
    );
  });

  it('trades a hosted-UI authorization code and its PKCE verifier for tokens, once', async () => {
    const email = await registeredAndConfirmed();
    const { verifier, challenge } = pkce();
    const code = await hostedUiCode(email, challenge);

    const exchanged = await api('POST', '/auth/social/token', { body: { code, codeVerifier: verifier, redirectUri } });
    expect(exchanged.status).toBe(200);
    expect((await api('GET', '/me', { token: exchanged.body.accessToken })).body.email).toBe(email);

    const replayed = await api('POST', '/auth/social/token', { body: { code, codeVerifier: verifier, redirectUri } });
    expect([replayed.status, replayed.body.code]).toEqual([401, 'INVALID_AUTHORIZATION_CODE']);
    const otherVerifier = await api('POST', '/auth/social/token', {
      body: { code: await hostedUiCode(email, challenge), codeVerifier: pkce().verifier, redirectUri },
    });
    expect([otherVerifier.status, otherVerifier.body.code]).toEqual([401, 'INVALID_AUTHORIZATION_CODE']);
  });

  it('answers 503 where no Cognito domain is configured', async () => {
    let bare: RunningApi | undefined;
    try {
      bare = await startCustomerServer(loadCustomerConfig({ ...system.env, COGNITO_DOMAIN_URL: undefined }), createLogger('customer-api', 'silent'));
      const answer = await call(bare.url, 'POST', '/auth/social/token', { body: { code: 'abc', codeVerifier: pkce().verifier, redirectUri } });
      expect([answer.status, answer.body.code]).toEqual([503, 'SOCIAL_SIGN_IN_UNAVAILABLE']);
    } finally {
      await bare?.stop();
    }
  });

  it('links a Google identity only on the proof of a Google ID token for this app, and unlinks it', async () => {
    const email = await registeredAndConfirmed();
    const { accessToken } = await signedIn(email);
    const [, payload] = accessToken.split('.');
    const { username, sub } = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as { username: string; sub: string };
    const link = (body: Record<string, string>) => api<{ code: string }>('POST', '/me/identities', { token: accessToken, body });

    const forged = await link({ provider: 'Google', idToken: google.idToken({ sub: '10987654321', aud: GOOGLE_CLIENT_ID }, { forge: true }) });
    expect([forged.status, forged.body.code]).toEqual([401, 'INVALID_IDENTITY_TOKEN']);
    const otherApp = await link({ provider: 'Google', idToken: google.idToken({ sub: '10987654321', aud: 'someone-else.apps.example' }) });
    expect([otherApp.status, otherApp.body.code]).toEqual([401, 'INVALID_IDENTITY_TOKEN']);
    expect((await link({ provider: 'Google', providerUserId: '10987654321' })).status).toBe(400);
    const apple = await link({ provider: 'SignInWithApple', idToken: google.idToken({ sub: '1', aud: GOOGLE_CLIENT_ID }) });
    expect([apple.status, apple.body.code]).toEqual([503, 'SOCIAL_PROVIDER_UNAVAILABLE']);
    expect(cognito.calls.filter((c) => c.target === 'AdminLinkProviderForUser')).toEqual([]);

    expect((await link({ provider: 'Google', idToken: google.idToken({ sub: '10987654321', aud: GOOGLE_CLIENT_ID }) })).status).toBe(204);
    expect(cognito.calls).toContainEqual({
      target: 'AdminLinkProviderForUser',
      body: {
        UserPoolId: pool().userPoolId,
        DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: username },
        SourceUser: { ProviderName: 'Google', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: '10987654321' },
      },
    });
    expect((await api('GET', '/me/identities', { token: accessToken })).body).toEqual({ items: [{ provider: 'Google', providerUserId: '10987654321' }] });
    expect((await link({ provider: 'Facebook', idToken: google.idToken({ sub: '1', aud: GOOGLE_CLIENT_ID }) })).status).toBe(400);

    expect((await api('DELETE', '/me/identities/Google', { token: accessToken })).status).toBe(204);
    expect(cognito.calls).toContainEqual({
      target: 'AdminDisableProviderForUser',
      body: {
        UserPoolId: pool().userPoolId,
        User: { ProviderName: 'Google', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: '10987654321' },
      },
    });
    expect((await api('DELETE', '/me/identities/Google', { token: accessToken })).status).toBe(404);
    expect(await securityActions(sub)).toEqual(['registered', 'sign_in.succeeded', 'social.linked', 'social.unlinked']);
  });

  it('answers 501 NOT_SUPPORTED_BY_EMULATOR, naming the operation, where cognito-local lacks it', async () => {
    let direct: RunningApi | undefined;
    try {
      direct = await startCustomerServer(
        loadCustomerConfig({ ...system.env, AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognitoLocal }),
        createLogger('customer-api', 'silent'),
      );
      const { accessToken } = await signedIn(await registeredAndConfirmed());
      const answer = await call(direct.url, 'POST', '/me/identities', {
        token: accessToken,
        body: { provider: 'Google', idToken: google.idToken({ sub: '10987654322', aud: GOOGLE_CLIENT_ID }) },
      });
      expect(answer.status).toBe(501);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body).toMatchObject({
        code: 'NOT_SUPPORTED_BY_EMULATOR',
        operation: 'AdminLinkProviderForUser',
        detail: expect.stringContaining('cognito-local'),
      });
    } finally {
      await direct?.stop();
    }
  });
});

describe('signed-in devices', () => {
  const CHROME_ON_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
  const SAFARI_ON_IPHONE =
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1';
  interface Session {
    id: string;
    deviceLabel: string;
    ip: string | null;
    createdAt: string;
    lastUsedAt: string;
    expiresAt: string;
    current: boolean;
  }
  const device =
    (userAgent: string) =>
    <T = Record<string, string>>(method: string, path: string, options: { token?: string; body?: unknown } = {}) =>
      call<T>(system.customer.url, method, path, { ...options, headers: { 'user-agent': userAgent } });
  const laptop = device(CHROME_ON_MAC);
  const phone = device(SAFARI_ON_IPHONE);
  const signInOn = async (on: typeof laptop, email: string) => {
    const answer = await on<{ accessToken: string; refreshToken: string }>('POST', '/auth/sign-in', { body: { email, password: PASSWORD } });
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const sessionsOf = async (on: typeof laptop, accessToken: string) => {
    const answer = await on<{ items: Session[] }>('GET', '/me/sessions', { token: accessToken });
    expect(answer.status).toBe(200);
    return answer.body.items;
  };

  it('lists each device with its label and the current one, and signs the other device out for good', async () => {
    const email = await registeredAndConfirmed();
    const onLaptop = await signInOn(laptop, email);
    const onPhone = await signInOn(phone, email);
    expect(onPhone.refreshToken).toMatch(/^lrt_/);

    const seen = await sessionsOf(laptop, onLaptop.accessToken);
    expect(seen).toHaveLength(2);
    const laptopSession = seen.find((s) => s.deviceLabel === 'Chrome on macOS');
    const phoneSession = seen.find((s) => s.deviceLabel === 'Safari on iOS');
    expect(laptopSession).toEqual({
      id: expect.any(String),
      deviceLabel: 'Chrome on macOS',
      ip: expect.stringContaining('127.0.0.1'),
      createdAt: expect.any(String),
      lastUsedAt: laptopSession?.createdAt,
      expiresAt: expect.any(String),
      current: true,
    });
    // The session lives as long as its refresh token: the pool client's 30 days (the item keeps whole seconds).
    expect(Date.parse(laptopSession!.expiresAt) - Date.parse(laptopSession!.createdAt)).toBeGreaterThan(30 * 86_400_000 - 1000);
    const { UserPoolClient } = await system.clients.cognito.send(
      new DescribeUserPoolClientCommand({ UserPoolId: pool().userPoolId, ClientId: pool().clientId }),
    );
    expect([UserPoolClient?.RefreshTokenValidity, UserPoolClient?.TokenValidityUnits?.RefreshToken]).toEqual([30, 'days']);
    expect(phoneSession).toEqual(expect.objectContaining({ current: false }));
    expect((await sessionsOf(phone, onPhone.accessToken)).find((s) => s.current)?.id).toBe(phoneSession?.id);

    // The phone refreshes: its new access token belongs to the same session, which was just used.
    const refreshed = await phone('POST', '/auth/refresh', { body: { refreshToken: onPhone.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).toBeUndefined();
    const afterRefresh = await sessionsOf(phone, refreshed.body.accessToken!);
    expect(afterRefresh.find((s) => s.current)?.id).toBe(phoneSession?.id);
    expect(afterRefresh[0]?.id).toBe(phoneSession?.id);

    expect((await laptop('DELETE', `/me/sessions/${phoneSession?.id}`, { token: onLaptop.accessToken })).status).toBe(204);

    const refused = await phone('POST', '/auth/refresh', { body: { refreshToken: onPhone.refreshToken } });
    expect([refused.status, refused.body.code]).toEqual([401, 'INVALID_REFRESH_TOKEN']);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    for (const token of [onPhone.accessToken, refreshed.body.accessToken!]) expect((await phone('GET', '/me', { token })).status).toBe(401);

    expect((await laptop('GET', '/me', { token: onLaptop.accessToken })).status).toBe(200);
    expect((await laptop('POST', '/auth/refresh', { body: { refreshToken: onLaptop.refreshToken } })).status).toBe(200);
    expect((await sessionsOf(laptop, onLaptop.accessToken)).map((s) => s.id)).toEqual([laptopSession?.id]);
    expect((await laptop('DELETE', `/me/sessions/${phoneSession?.id}`, { token: onLaptop.accessToken })).status).toBe(404);

    const [row] = await system.customer.orm.em
      .fork()
      .execute<{ details: { sessionId: string; deviceLabel: string } }[]>(
        `select payload->'details' as details from messaging.outbox where event_type = 'audit.security' and payload->>'action' = 'session.ended' and payload->'details'->>'sessionId' = ?`,
        [phoneSession?.id],
      );
    expect(row?.details).toEqual(expect.objectContaining({ deviceLabel: 'Safari on iOS', current: false }));
  });

  it("answers 404 for another customer's session and leaves it signed in", async () => {
    const mine = await signInOn(laptop, await registeredAndConfirmed());
    const theirs = await signInOn(phone, await registeredAndConfirmed());
    const [theirSession] = await sessionsOf(phone, theirs.accessToken);

    const answer = await laptop('DELETE', `/me/sessions/${theirSession?.id}`, { token: mine.accessToken });
    expect([answer.status, answer.body.code]).toEqual([404, 'NOT_FOUND']);
    expect((await laptop('DELETE', '/me/sessions/not-a-session', { token: mine.accessToken })).status).toBe(400);
    expect((await phone('POST', '/auth/refresh', { body: { refreshToken: theirs.refreshToken } })).status).toBe(200);
    expect((await sessionsOf(phone, theirs.accessToken)).map((s) => s.id)).toEqual([theirSession?.id]);
  });

  it('ends its own session on sign-out, with the refresh token or without it', async () => {
    const email = await registeredAndConfirmed();
    const first = await signInOn(laptop, email);
    const second = await signInOn(phone, email);
    const third = await signInOn(phone, email);
    expect(await sessionsOf(laptop, first.accessToken)).toHaveLength(3);

    expect((await phone('POST', '/auth/sign-out', { token: second.accessToken, body: { refreshToken: second.refreshToken } })).status).toBe(204);
    expect((await phone('POST', '/auth/refresh', { body: { refreshToken: second.refreshToken } })).body.code).toBe('INVALID_REFRESH_TOKEN');
    expect((await phone('POST', '/auth/sign-out', { token: third.accessToken, body: {} })).status).toBe(204);
    expect((await phone('POST', '/auth/refresh', { body: { refreshToken: third.refreshToken } })).body.code).toBe('INVALID_REFRESH_TOKEN');

    expect((await sessionsOf(laptop, first.accessToken)).map((s) => s.deviceLabel)).toEqual(['Chrome on macOS']);
  });

  it('refuses a refresh token that is not a session handle of ours, and one whose secret is wrong', async () => {
    const email = await registeredAndConfirmed();
    const { refreshToken } = await signInOn(laptop, email);
    const forged = `${refreshToken.slice(0, -43)}${randomBytes(32).toString('base64url')}`;
    for (const token of [forged, 'a-cognito-refresh-token']) {
      const answer = await laptop('POST', '/auth/refresh', { body: { refreshToken: token } });
      expect([answer.status, answer.body.code]).toEqual([401, 'INVALID_REFRESH_TOKEN']);
    }
  });

  it('skips sessions past their expiry, which dynalite keeps (it has no TTL)', async () => {
    const email = await registeredAndConfirmed();
    const { accessToken } = await signInOn(laptop, email);
    const sub = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString()) as { sub: string };
    const table = tableName(system.env.RESOURCE_PREFIX!, 'sessions');
    const later = dynamoDeviceSessions(documentClient(system.clients.dynamodb), table, () => new Date(Date.now() + 31 * 86_400_000));
    const now = dynamoDeviceSessions(documentClient(system.clients.dynamodb), table);
    expect(await now.list(sub.sub)).toHaveLength(1);
    expect(await later.list(sub.sub)).toEqual([]);
  });
});
