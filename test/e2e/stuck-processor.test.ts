import { randomBytes } from 'node:crypto';
import { openDatabase, type MikroORM } from '@loyalty/db';
import { lockCard } from '../../services/loyalty-processor/src/data-access/transactions.js';
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

const COUNTER_PATIENCE_MS = 5_000;

it('records a visit at the counter while the processor holds that card mid-apply', async () => {
  const shop = await setUpStampProgram(system, { stampsRequired: 10, reward: 'Coffee' });
  const answer = await orm.em.fork().transactional(async (tx) => {
    // The processor's lock, held as by a processor frozen between locking the card and committing.
    await lockCard(tx, shop.cardId);
    const visit = call<{ status: string }>(system.admin.url, 'POST', `/businesses/${shop.businessId}/transactions`, {
      token: shop.staffToken,
      body: { kind: 'visit', posTransactionId: `pos-${randomBytes(4).toString('hex')}`, cardId: shop.cardId, storeId: shop.storeId },
    });
    const waited = new Promise<'blocked'>((resolve) => setTimeout(() => resolve('blocked'), COUNTER_PATIENCE_MS).unref());
    return Promise.race([visit, waited]);
  });
  expect(answer).not.toBe('blocked');
  expect(answer).toMatchObject({ status: 202, body: { status: 'pending' } });
});
