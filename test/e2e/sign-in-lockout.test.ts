import { randomBytes } from 'node:crypto';
import { waitFor } from '@loyalty/testing';
import { ensureUser } from '@loyalty/topology';
import { call } from '../support/http.js';
import { startSystem, type System } from '../support/system.js';

// Three failures within the window lock the account for five seconds, on both APIs' sign-in paths: long
// enough that the next request still finds it locked however slow a loaded machine is between the two.
let system: System;
beforeAll(async () => {
  system = await startSystem({ processors: false, env: { SIGN_IN_LOCKOUT: '3/900', SIGN_IN_LOCKOUT_SECONDS: '5' } });
});
afterAll(async () => {
  await system?.stop();
});

test('a customer account under a brute-force attack is locked, even for the right password, until the lock passes', async () => {
  const email = `victim-${randomBytes(3).toString('hex')}@example.com`;
  const password = 'Right-password-123';
  await ensureUser(system.clients.cognito, system.topology.userPools.customers, email, [], password);
  const signIn = (attempt: string) =>
    call<{ code?: string; accessToken?: string }>(system.customer.url, 'POST', '/auth/sign-in', { body: { email, password: attempt } });

  for (let i = 0; i < 3; i++) expect((await signIn('Wrong-password-1')).body.code).toBe('INVALID_CREDENTIALS');
  const locked = await signIn(password);
  expect(locked.status).toBe(429);
  expect(locked.body.code).toBe('ACCOUNT_LOCKED');
  expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);

  const after = await waitFor(
    async () => {
      const attempt = await signIn(password);
      return attempt.status === 429 ? undefined : attempt;
    },
    { timeoutMs: 15_000, intervalMs: 250, description: 'the lock to pass' },
  );
  expect(after.status).toBe(200);
  expect(after.body.accessToken).toEqual(expect.any(String));

  const events = await system.admin.orm.em
    .fork()
    .execute<{ action: string }[]>(
      `select payload->>'action' as action from messaging.outbox where event_type = 'audit.security' and aggregate_id = ? order by created_at, id`,
      [email],
    );
  expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['sign_in.failed', 'sign_in.locked_out']));
});
