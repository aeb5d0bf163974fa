import { addCatalogReward, balanceOf, booksOf, createShop, eventsOf, openTestDb, record, apply, settled, transact, type TestDb } from './support/shop.js';

let db: TestDb;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(() => db.stop());

describe('stamp programs', () => {
  it('tells the cashier the stamps and progress, unlocks a reward on a full card and carries the rest over', async () => {
    const shop = await createShop(db.orm, { kind: 'stamp', rules: { stampsRequired: 3, stampsPerVisit: 2 } });

    const first = await transact(db.orm, shop, { kind: 'visit' });
    expect(first.result).toMatchObject({ delta: 2, balanceAfter: 2, stampsRequired: 3, rewardsUnlocked: 0 });
    const second = await transact(db.orm, shop, { kind: 'visit' });
    expect(second.result).toMatchObject({ delta: -1, balanceAfter: 1, stampsRequired: 3, rewardsUnlocked: 1 });

    const [unlocked] = await eventsOf(db.orm, 'reward.unlocked', shop.cardId);
    expect(unlocked).toMatchObject({
      cardId: shop.cardId,
      rewardDescription: 'A free coffee',
      stampsRequired: 3,
      customer: { email: 'ada@example.com', displayName: 'Ada' },
    });
    const books = await booksOf(db.orm, shop.cardId);
    expect(books.balance).toBe(1);
    expect(books.ledger).toBe(1);
    expect(books.lots.map((lot) => lot.remaining)).toEqual([0, 1]);
  });

  it('announces a reward to a deleted customer without an email address', async () => {
    const shop = await createShop(db.orm, { kind: 'stamp', rules: { stampsRequired: 1 }, customerEmail: null });
    await transact(db.orm, shop, { kind: 'visit' });
    expect(await eventsOf(db.orm, 'reward.unlocked', shop.cardId)).toEqual([expect.objectContaining({ customer: expect.objectContaining({ email: null }) })]);
  });

  it('redeems an unlocked reward once, and a void puts it back', async () => {
    const shop = await createShop(db.orm, { kind: 'stamp', rules: { stampsRequired: 1 } });
    const visit = await transact(db.orm, shop, { kind: 'visit' });
    const [{ rewardId }] = (await eventsOf(db.orm, 'reward.unlocked', shop.cardId)) as [{ rewardId: string }];

    const redeemed = await transact(db.orm, shop, { kind: 'redemption', details: { rewardId } });
    expect(redeemed.status).toBe('applied');
    expect(visit.status).toBe('applied');
    expect(await eventsOf(db.orm, 'reward.redeemed', shop.cardId)).toEqual([expect.objectContaining({ rewardId, transactionId: redeemed.id })]);
    expect((await transact(db.orm, shop, { kind: 'redemption', details: { rewardId } })).rejection?.code).toBe('REWARD_NOT_AVAILABLE');

    expect((await transact(db.orm, shop, { kind: 'void', reverses: redeemed.id })).status).toBe('applied');
    expect((await transact(db.orm, shop, { kind: 'redemption', details: { rewardId } })).status).toBe('applied');
  });

  it("limits stamps per day in the store's time zone", async () => {
    const shop = await createShop(db.orm, { kind: 'stamp', rules: { stampsRequired: 10, dailyStampLimit: 2 }, timeZone: 'America/New_York' });
    // 23:30 in New York on 1 March is 04:30 UTC on 2 March: a new UTC day, but the same local day.
    const evening = new Date('2026-03-02T03:00:00Z');
    await transact(db.orm, shop, { kind: 'visit' }, evening);
    await transact(db.orm, shop, { kind: 'visit' }, evening);
    const third = await transact(db.orm, shop, { kind: 'visit' }, new Date('2026-03-02T04:30:00Z'));
    expect(third.rejection).toMatchObject({ code: 'DAILY_STAMP_LIMIT' });
    const purchase = await transact(db.orm, shop, { kind: 'purchase', amount: 500, currency: 'EUR' }, new Date('2026-03-02T04:31:00Z'));
    expect(purchase).toMatchObject({ status: 'applied', result: expect.objectContaining({ earned: 0, note: 'DAILY_STAMP_LIMIT' }) });
    const nextMorning = await transact(db.orm, shop, { kind: 'visit' }, new Date('2026-03-02T05:01:00Z'));
    expect(nextMorning.result).toMatchObject({ balanceAfter: 3 });
  });

  it('earns no stamp for a purchase below the minimum amount', async () => {
    const shop = await createShop(db.orm, { kind: 'stamp', rules: { minimumAmount: 500 } });
    expect((await transact(db.orm, shop, { kind: 'purchase', amount: 499 })).result).toMatchObject({
      earned: 0,
      note: 'BELOW_MINIMUM_AMOUNT',
      balanceAfter: 0,
    });
    expect((await transact(db.orm, shop, { kind: 'purchase', amount: 500 })).result).toMatchObject({ earned: 1, balanceAfter: 1 });
  });

  it('rejects earning on a suspended card or a paused program, and says so in transaction.settled', async () => {
    const shop = await createShop(db.orm, { kind: 'stamp', rules: {}, status: 'paused' });
    const visit = await transact(db.orm, shop, { kind: 'visit' });
    expect(visit.rejection?.code).toBe('PROGRAM_NOT_ACTIVE');
    expect(await eventsOf(db.orm, 'transaction.settled', visit.id)).toEqual([
      expect.objectContaining({ status: 'rejected', rejectionCode: 'PROGRAM_NOT_ACTIVE', delta: 0 }),
    ]);

    const active = await createShop(db.orm, { kind: 'stamp', rules: {} });
    await db.orm.em.fork().execute(`update loyalty.cards set status = 'suspended' where id = ?`, [active.cardId]);
    expect((await transact(db.orm, active, { kind: 'visit' })).rejection?.code).toBe('CARD_SUSPENDED');
    expect(await balanceOf(db.orm, active.cardId)).toBe(0);
  });

  it('applies a delivered transaction once: a second delivery changes nothing', async () => {
    const shop = await createShop(db.orm, { kind: 'stamp', rules: {} });
    const id = await record(db.orm, shop, { kind: 'visit' });
    await apply(db.orm, id);
    await apply(db.orm, id);
    expect((await settled(db.orm, id)).result).toMatchObject({ balanceAfter: 1 });
    expect(await balanceOf(db.orm, shop.cardId)).toBe(1);
  });

  it('spends stamps on a catalog reward when the program offers one', async () => {
    const shop = await createShop(db.orm, { kind: 'stamp', rules: { stampsRequired: 10 } });
    const catalogRewardId = await addCatalogReward(db.orm, shop, { cost: 2 });
    await transact(db.orm, shop, { kind: 'visit' });
    expect((await transact(db.orm, shop, { kind: 'redemption', details: { catalogRewardId } })).rejection?.code).toBe('INSUFFICIENT_BALANCE');
    await transact(db.orm, shop, { kind: 'visit' });
    expect((await transact(db.orm, shop, { kind: 'redemption', details: { catalogRewardId } })).result).toMatchObject({ spent: 2, balanceAfter: 0 });
  });
});
