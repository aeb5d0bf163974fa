import { announceExpiringLots } from '../src/use-cases/announce-expiring-lots.js';
import { expireDueLots } from '../src/use-cases/expire-due-lots.js';
import { addCatalogReward, apply, balanceOf, booksOf, createShop, eventsOf, openTestDb, record, settled, transact, type TestDb } from './support/shop.js';

let db: TestDb;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(() => db.stop());

describe('concurrency', () => {
  it('lets 50 racing redemptions spend a balance that pays for 7 exactly 7 times', async () => {
    const shop = await createShop(db.orm, { kind: 'points', rules: {} });
    await transact(db.orm, shop, { kind: 'purchase', amount: 7500, currency: 'EUR' });
    const catalogRewardId = await addCatalogReward(db.orm, shop, { cost: 10 });
    const ids = await Promise.all(Array.from({ length: 50 }, () => record(db.orm, shop, { kind: 'redemption', details: { catalogRewardId } })));

    await Promise.all(ids.map((id) => apply(db.orm, id)));

    const outcomes = await Promise.all(ids.map((id) => settled(db.orm, id)));
    expect(outcomes.filter((o) => o.status === 'applied')).toHaveLength(7);
    expect(outcomes.filter((o) => o.rejection?.code === 'INSUFFICIENT_BALANCE')).toHaveLength(43);
    expect(await balanceOf(db.orm, shop.cardId)).toBe(75 - 7 * 10);
    const books = await booksOf(db.orm, shop.cardId);
    expect(books.ledger).toBe(books.balance);
  });

  it('expires each due lot once when two expiry runs overlap', async () => {
    const shops = await Promise.all(
      Array.from({ length: 6 }, () => createShop(db.orm, { kind: 'points', rules: { expiry: { type: 'after', amount: 1, unit: 'days' } } })),
    );
    const earnedAt = new Date('2026-02-01T10:00:00Z');
    for (const shop of shops) {
      for (const amount of [1000, 2000, 3000]) await transact(db.orm, shop, { kind: 'purchase', amount, currency: 'EUR' }, earnedAt);
    }
    const later = new Date('2026-02-03T10:00:00Z');

    const runs = await Promise.all([expireDueLots(db.orm.em.fork(), later, 2), expireDueLots(db.orm.em.fork(), later, 2)]);

    expect(runs[0].lots + runs[1].lots).toBe(18);
    expect(runs[0].points + runs[1].points).toBe(6 * 60);
    for (const shop of shops) {
      const books = await booksOf(db.orm, shop.cardId);
      expect(books).toMatchObject({ balance: 0, ledger: 0 });
      const expired = (await eventsOf(db.orm, 'points.expired', shop.cardId)) as { lotIds: string[]; points: number }[];
      expect(expired.flatMap((e) => e.lotIds).sort()).toEqual(books.lots.map((lot) => lot.id).sort());
      expect(expired.reduce((sum, e) => sum + e.points, 0)).toBe(60);
    }
  });

  it('announces a lot about to expire once, however many runs overlap', async () => {
    const shop = await createShop(db.orm, { kind: 'points', rules: { expiry: { type: 'after', amount: 30, unit: 'days' }, expiringNoticeDays: 7 } });
    const earnedAt = new Date('2026-03-01T10:00:00Z');
    await transact(db.orm, shop, { kind: 'purchase', amount: 1000, currency: 'EUR' }, earnedAt);
    await transact(db.orm, shop, { kind: 'purchase', amount: 2000, currency: 'EUR' }, new Date('2026-03-10T10:00:00Z'));

    expect(await announceExpiringLots(db.orm.em.fork(), new Date('2026-03-20T10:00:00Z'))).toBe(0);
    const noticeDay = new Date('2026-03-25T10:00:00Z');
    const counts = await Promise.all([1, 2, 3].map(() => announceExpiringLots(db.orm.em.fork(), noticeDay, 1)));

    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await eventsOf(db.orm, 'points.expiring', shop.cardId)).toEqual([
      expect.objectContaining({ points: 10, expiresAt: '2026-03-31T10:00:00.000Z', customer: expect.objectContaining({ email: 'ada@example.com' }) }),
    ]);
  });
});
