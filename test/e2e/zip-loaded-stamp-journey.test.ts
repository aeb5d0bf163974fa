import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sesInbox } from '@loyalty/local-stack';
import { waitFor } from '@loyalty/testing';
import { buildLambdas } from '../../scripts/build/lambdas.js';
import { call } from '../support/http.js';
import { startSystem, type System } from '../support/system.js';
import { cardBalance, setUpStampProgram } from '../support/stamp-program.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let zips: string;
let system: System;
beforeAll(async () => {
  zips = await mkdtemp(join(tmpdir(), 'journey-zips-'));
  system = await startSystem({ lambdaZips: await buildLambdas(root, zips) });
}, 120_000);
afterAll(async () => {
  await system?.stop();
  await rm(zips, { recursive: true, force: true });
});

interface TransactionView {
  status: 'pending' | 'applied' | 'rejected';
  result: { balanceAfter: number; stampsRequired: number; rewardsUnlocked: number } | null;
}

describe('the stamp journey with every Lambda loaded from its zip', () => {
  it('stamps five visits through the zipped processor and emails the reward through the zipped notifier', async () => {
    const shop = await setUpStampProgram(system, { stampsRequired: 5, reward: 'A free croissant' });
    const visit = (pos: string) =>
      call<TransactionView>(system.admin.url, 'POST', `/businesses/${shop.businessId}/transactions`, {
        token: shop.staffToken,
        headers: { prefer: 'wait=10' },
        body: { kind: 'visit', cardId: shop.cardId, storeId: shop.storeId, posTransactionId: pos },
      });

    for (const [i, balanceAfter] of [1, 2, 3, 4].entries()) {
      const answer = await visit(`pos-${i + 1}`);
      expect(answer.status).toBe(200);
      expect(answer.body.result).toMatchObject({ balanceAfter, stampsRequired: 5, rewardsUnlocked: 0 });
    }
    const fifth = await visit('pos-5');
    expect(fifth.status).toBe(200);
    expect(fifth.body.result).toMatchObject({ balanceAfter: 0, stampsRequired: 5, rewardsUnlocked: 1 });

    const inbox = sesInbox(process.env.AWS_ENDPOINT_URL_SESV2!);
    const email = await waitFor(async () => (await inbox.list()).find((mail) => mail.destination.to.includes(shop.customerEmail)), {
      timeoutMs: 15_000,
      description: 'the reward email',
    });
    expect(email.subject).toBe('Your reward is ready: A free croissant');
    expect(email.body.text).toContain('You collected 5 stamps on your Coffee Club card.');
    expect(await cardBalance(system, shop.cardId)).toEqual({ cached: 0, ledger: 0, entries: 10 });

    // SES has the email before the notifier's transaction (and its inbox row) commits.
    const handledBy = await waitFor(
      async () => {
        const rows = await system.admin.orm.em
          .fork()
          .execute<{ consumer: string; handled: string }[]>(
            `select consumer, count(*)::text as handled from messaging.inbox where consumer <> 'analytics' group by consumer order by consumer`,
          );
        return rows.some((row) => row.consumer === 'notifier') ? rows : undefined;
      },
      { timeoutMs: 10_000, description: "the notifier's inbox row" },
    );
    expect(handledBy).toEqual([
      { consumer: 'loyalty-processor', handled: '6' },
      { consumer: 'notifier', handled: '1' },
    ]);
    const invocations = system.zipLoaded!.invocations();
    expect(invocations['transactions-processor']).toBeGreaterThan(0);
    expect(invocations.notifier).toBeGreaterThan(0);
    // The analytics function, from its zip too, counted the visits (it receives every event, so its inbox count varies).
    await waitFor(
      async () => {
        const [row] = await system.admin.orm.em
          .fork()
          .execute<{ visits: number }[]>('select coalesce(sum(visits), 0)::int as visits from analytics.daily_metrics where business_id = ?', [
            shop.businessId,
          ]);
        return row?.visits === 5 ? row : undefined;
      },
      { timeoutMs: 10_000, description: 'five visits counted by the zip-loaded analytics function' },
    );
    expect(system.zipLoaded!.invocations().analytics).toBeGreaterThan(0);
  });

  it('runs the scheduled expiry from its zip against the same database', async () => {
    await expect(system.zipLoaded!.invoke('points-expiry', {})).resolves.toBeUndefined();
    expect(system.zipLoaded!.invocations()['points-expiry']).toBe(1);
  });

  it('runs the scheduled customer insights from its zip: every program gets its row', async () => {
    await expect(system.zipLoaded!.invoke('analytics-insights', {})).resolves.toBeUndefined();
    const [row] = await system.admin.orm.em
      .fork()
      .execute<{ missing: number }[]>(
        'select count(*)::int as missing from loyalty.programs p where not exists (select 1 from analytics.program_insights i where i.program_id = p.id)',
      );
    expect(row?.missing).toBe(0);
  });
});
