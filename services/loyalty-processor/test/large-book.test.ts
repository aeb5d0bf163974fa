import { randomUUID } from 'node:crypto';
import { booksOf, createShop, openTestDb, transact, type TestDb } from './support/shop.js';

let db: TestDb;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(() => db.stop());

it('settles a transaction that moves more lots than one statement can carry', async () => {
  const shop = await createShop(db.orm, { kind: 'points', rules: {} });
  const lots = 7_000;
  const em = db.orm.em.fork();
  // One point in each of 7,000 lots, as years of small purchases would leave them.
  await em.execute(
    `with lots as (
       insert into loyalty.lots (id, business_id, card_id, earned, remaining, created_at)
       select gen_random_uuid(), ?, ?, 1, 1, now() - make_interval(secs => n) from generate_series(1, ?) as n
       returning id, created_at
     )
     insert into loyalty.ledger_entries (id, business_id, card_id, lot_id, kind, amount, created_at)
     select gen_random_uuid(), ?, ?, id, 'earn', 1, created_at from lots`,
    [shop.businessId, shop.cardId, lots, shop.businessId, shop.cardId],
  );
  await em.execute('update loyalty.cards set balance = ? where id = ?', [lots, shop.cardId]);

  const spent = await transact(db.orm, shop, { kind: 'adjustment', details: { points: -lots, reason: `closing ${randomUUID()}` } });

  expect(spent).toMatchObject({ status: 'applied', result: { spent: lots, balanceAfter: 0 } });
  const books = await booksOf(db.orm, shop.cardId);
  expect(books).toMatchObject({ balance: 0, ledger: 0 });
  expect(books.lots.every((lot) => lot.remaining === 0 && lot.entries === 0)).toBe(true);
});
