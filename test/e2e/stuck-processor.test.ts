import { randomBytes } from 'node:crypto';
import { openDatabase, type MikroORM } from '@loyalty/db';
import { lockCard } from '../../services/loyalty-processor/src/data-access/transactions.js';
import { waitFor } from '@loyalty/testing';
import { call } from '../support/http.js';
import { setUpStampProgram } from '../support/stamp-program.js';
import { startSystem, type System } from '../support/system.js';

let system: System;
let orm: MikroORM;
beforeAll(async () => {
  system = await startSystem({ processors: false });
  orm = await openDatabase({ databaseUrl: system.db.url, poolMax: 2 });
});
afterAll(async () => {
  await orm?.close();
  await system?.stop();
});

it('records a visit at the counter while the processor holds that card mid-apply', async () => {
  const shop = await setUpStampProgram(system, { stampsRequired: 10, reward: 'Coffee' });
  const answer = await orm.em.fork().transactional(async (tx) => {
    // The processor's lock, held as by a processor frozen between locking the card and committing.
    await lockCard(tx, shop.cardId);
    const visit = call<{ status: string }>(system.admin.url, 'POST', `/businesses/${shop.businessId}/transactions`, {
      token: shop.staffToken,
      body: { kind: 'visit', posTransactionId: `pos-${randomBytes(4).toString('hex')}`, cardId: shop.cardId, storeId: shop.storeId },
    });
    let answered = false;
    void visit.finally(() => {
      answered = true;
    });
    // Blocked means some session of this database waits for a lock while the visit is still unanswered.
    const blocked = waitFor(
      async () => {
        if (answered) return 'answered';
        const [waiting] = await orm.em
          .fork()
          .execute<{ n: number }[]>(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
        return (waiting?.n ?? 0) > 0 ? 'blocked' : undefined;
      },
      { timeoutMs: 30_000, description: 'the visit answered, or a session waiting for a lock' },
    );
    return Promise.race([visit, blocked]);
  });
  expect(answer).not.toBe('blocked');
  expect(answer).toMatchObject({ status: 202, body: { status: 'pending' } });
});
