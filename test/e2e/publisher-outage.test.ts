import { switchableProxy, waitFor, type SwitchableProxy } from '@loyalty/testing';
import { call } from '../support/http.js';
import { startSystem, type System } from '../support/system.js';
import { cardBalance, setUpStampProgram } from '../support/stamp-program.js';

// The relay reaches SNS through a proxy this test can switch off; everything else talks to the emulators directly.
let proxy: SwitchableProxy;
let system: System;
beforeAll(async () => {
  proxy = await switchableProxy(process.env.AWS_ENDPOINT_URL_SNS!);
  system = await startSystem({
    env: { AWS_ENDPOINT_URL_SNS: proxy.endpoint },
    relay: { pollIntervalMs: 200, publishTimeoutMs: 500, breaker: { resetTimeoutMs: 500, volumeThreshold: 1 } },
  });
});
afterAll(async () => {
  await system?.stop();
  await proxy?.close();
});

test('with SNS down the admin API keeps accepting visits, and every one is applied once SNS is back', async () => {
  const shop = await setUpStampProgram(system, { stampsRequired: 10, reward: 'Cake' });
  await proxy.down();

  const recorded = [];
  for (const pos of ['out-1', 'out-2', 'out-3', 'out-4']) {
    const response = await call<{ status: string }>(system.admin.url, 'POST', `/businesses/${shop.businessId}/transactions`, {
      token: shop.staffToken,
      body: { kind: 'visit', cardId: shop.cardId, storeId: shop.storeId, posTransactionId: pos },
    });
    recorded.push(response.status);
  }
  expect(recorded).toEqual([202, 202, 202, 202]);

  const degraded = await waitFor(
    async () => {
      const readiness = await call<{ status: string; checks: Record<string, string> }>(system.relay.url, 'GET', '/readyz');
      return readiness.body.status === 'degraded' ? readiness : undefined;
    },
    { description: "the breaker to open and the relay's /readyz to say so" },
  );
  expect(degraded.status).toBe(200);
  expect(degraded.body.checks).toEqual({ database: 'ok', eventPublishing: 'degraded' });
  // The API's readiness is about serving requests, which it still does: it does not depend on the relay.
  const apiReadiness = await call<{ checks: Record<string, string> }>(system.admin.url, 'GET', '/readyz');
  expect(apiReadiness.status).toBe(200);
  expect(Object.keys(apiReadiness.body.checks).sort()).toEqual(['database', 'redis']);
  expect((await cardBalance(system, shop.cardId)).cached).toBe(0);

  await proxy.up();
  await waitFor(async () => (await cardBalance(system, shop.cardId)).cached === 4, { timeoutMs: 15_000, description: 'all four visits applied' });
  expect(await cardBalance(system, shop.cardId)).toEqual({ cached: 4, ledger: 4, entries: 4 });
  const unpublished = async () => {
    const [row] = await system.admin.orm.em.fork().execute<{ n: string }[]>(`select count(*) as n from messaging.outbox where published_at is null`);
    return Number(row?.n);
  };
  // The processor's own events (transaction.settled) leave after the balances change: wait for them too.
  await waitFor(async () => (await unpublished()) === 0, { description: 'every outbox row published' });
});
