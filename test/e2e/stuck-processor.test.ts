import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { defaultSessionLimits, openDatabase, type MikroORM } from '@loyalty/db';
import { lockForApply } from '../../services/loyalty-processor/src/data-access/transactions.js';
import { waitFor } from '@loyalty/testing';
import { call } from '../support/http.js';
import { setUpStampProgram } from '../support/stamp-program.js';
import { startSystem, type System } from '../support/system.js';

let system: System;
let orm: MikroORM;
beforeAll(async () => {
  system = await startSystem({ processors: false, env: { PREFER_WAIT_MAX_WAITING: '1' } });
  // Patient enough to hold a lock past the API's own limits.
  orm = await openDatabase({ databaseUrl: system.db.url, poolMax: 2, sessionLimits: { lockTimeoutMs: 60_000, idleInTransactionMs: 60_000 } });
});
afterAll(async () => {
  await orm?.close();
  await system?.stop();
});

it('records a visit at the counter while the processor holds that card mid-apply', async () => {
  const shop = await setUpStampProgram(system, { stampsRequired: 10, reward: 'Coffee' });
  const applying = randomUUID();
  await orm.em.fork().execute(
    `insert into loyalty.transactions (id, business_id, card_id, store_id, kind, pos_transaction_id, status, details, recorded_by)
     values (?, ?, ?, ?, 'visit', ?, 'pending', '{}'::jsonb, 'test')`,
    [applying, shop.businessId, shop.cardId, shop.storeId, `pos-${randomBytes(4).toString('hex')}`],
  );
  const answer = await orm.em.fork().transactional(async (tx) => {
    // The processor's locks, held as by a processor frozen between locking a transaction's card and committing.
    await lockForApply(tx, applying);
    const visit = call<{ status: string }>(system.admin.url, 'POST', `/businesses/${shop.businessId}/transactions`, {
      token: shop.staffToken,
      body: { kind: 'visit', posTransactionId: `pos-${randomBytes(4).toString('hex')}`, cardId: shop.cardId, storeId: shop.storeId },
    });
    let answered = false;
    void visit.finally(() => {
      answered = true;
    });
    // Blocked means some session of this database waits for a row or table lock while the visit is still unanswered.
    // Not any lock: a commit that NOTIFYs queues for a cluster-wide lock behind other databases' notifying commits.
    const blocked = waitFor(
      async () => {
        if (answered) return 'answered';
        const [waiting] = await orm.em.fork().execute<{ n: number }[]>(
          `select count(*)::int as n from pg_locks l join pg_stat_activity a on a.pid = l.pid
            where not l.granted and a.datname = current_database() and l.locktype in ('relation', 'tuple', 'transactionid')`,
        );
        return (waiting?.n ?? 0) > 0 ? 'blocked' : undefined;
      },
      { timeoutMs: 30_000, description: 'the visit answered, or a session waiting for a lock' },
    );
    return Promise.race([visit, blocked]);
  });
  expect(answer).not.toBe('blocked');
  expect(answer).toMatchObject({ status: 202, body: { status: 'pending' } });
});

const visitBody = (shop: { cardId: string; storeId: string }) => ({
  kind: 'visit',
  posTransactionId: `pos-${randomBytes(4).toString('hex')}`,
  cardId: shop.cardId,
  storeId: shop.storeId,
});

it('answers 503 BUSY with Retry-After once the lock timeout runs out, when a lock does hold a write up', async () => {
  const shop = await setUpStampProgram(system, { stampsRequired: 10, reward: 'Coffee' });
  const started = Date.now();
  const answer = await orm.em.fork().transactional(async (tx) => {
    // FOR UPDATE conflicts with the KEY SHARE lock the pending row's foreign key takes on its card.
    await tx.execute('select id from loyalty.cards where id = ? for update', [shop.cardId]);
    return call<{ code: string }>(system.admin.url, 'POST', `/businesses/${shop.businessId}/transactions`, { token: shop.staffToken, body: visitBody(shop) });
  });
  expect(answer).toMatchObject({ status: 503, body: { code: 'BUSY' } });
  expect(answer.headers.get('retry-after')).toBe('1');
  expect(Date.now() - started).toBeGreaterThanOrEqual(defaultSessionLimits.lockTimeoutMs);
  expect(Date.now() - started).toBeLessThan(defaultSessionLimits.lockTimeoutMs + 10_000);
});

it('ends a session that goes quiet inside a transaction, so its locks stop holding the counter up', async () => {
  const shop = await setUpStampProgram(system, { stampsRequired: 10, reward: 'Coffee' });
  // A process frozen mid-transaction, on a pool with a short idle limit (the API's lock timeout is longer).
  const frozen = await openDatabase({ databaseUrl: system.db.url, poolMax: 1, sessionLimits: { lockTimeoutMs: 1_000, idleInTransactionMs: 1_000 } });
  try {
    let locked: () => void = () => {};
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const held = frozen.em.fork().transactional(async (tx) => {
      await tx.execute('select id from loyalty.cards where id = ? for update', [shop.cardId]);
      locked();
      await sleep(defaultSessionLimits.lockTimeoutMs + 2_000);
      await tx.execute('select 1');
    });
    await lockTaken;
    const started = Date.now();
    const answer = await call(system.admin.url, 'POST', `/businesses/${shop.businessId}/transactions`, { token: shop.staffToken, body: visitBody(shop) });
    expect(answer.status).toBe(202);
    expect(Date.now() - started).toBeLessThan(defaultSessionLimits.lockTimeoutMs);
    await expect(held).rejects.toThrow();
  } finally {
    await frozen.close();
  }
});

it('answers at once, as a 202 without Preference-Applied, while as many requests wait as the API allows', async () => {
  const shop = await setUpStampProgram(system, { stampsRequired: 10, reward: 'Coffee' });
  const firstBody = visitBody(shop);
  // Nothing applies visits here, so the first request holds the one waiting place for its whole wait.
  const first = call(system.admin.url, 'POST', `/businesses/${shop.businessId}/transactions`, {
    token: shop.staffToken,
    headers: { prefer: 'wait=4' },
    body: firstBody,
  });
  await waitFor(
    async () => {
      const [row] = await orm.em
        .fork()
        .execute<{ n: number }[]>('select count(*)::int as n from loyalty.transactions where pos_transaction_id = ?', [firstBody.posTransactionId]);
      return (row?.n ?? 0) > 0 || undefined;
    },
    { timeoutMs: 10_000, description: 'the first visit recorded and waiting' },
  );
  const started = Date.now();
  const second = await call(system.admin.url, 'POST', `/businesses/${shop.businessId}/transactions`, {
    token: shop.staffToken,
    headers: { prefer: 'wait=4' },
    body: visitBody(shop),
  });
  expect(second.status).toBe(202);
  expect(second.headers.get('preference-applied')).toBeNull();
  expect(Date.now() - started).toBeLessThan(3_000);
  const waited = await first;
  expect(waited.status).toBe(202);
  expect(waited.headers.get('preference-applied')).toBe('wait=4');
});
