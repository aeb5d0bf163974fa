import { grantEnrolmentBonus } from '../src/use-cases/grant-enrolment-bonus.js';
import { addCatalogReward, balanceOf, booksOf, createShop, eventsOf, openTestDb, transact, type TestDb } from './support/shop.js';

let db: TestDb;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(() => db.stop());

const eur = (amount: number, details: Record<string, unknown> = {}) => ({ kind: 'purchase' as const, amount, currency: 'EUR', details });

describe('points programs', () => {
  it('earns on what is eligible: no gift cards, nothing paid with points, rounded as configured', async () => {
    const shop = await createShop(db.orm, { kind: 'points', rules: { pointsPerUnit: 1.5, rounding: 'nearest' } });
    const purchase = await transact(
      db.orm,
      shop,
      eur(3000, { lines: [{ amount: 1900 }, { amount: 1000, giftCard: true }, { amount: 100 }], paidWithPoints: 500 }),
    );
    expect(purchase.result).toMatchObject({ eligibleAmount: 1500, earned: 23, delta: 23, balanceAfter: 23, multiplier: 1 });
  });

  it('earns nothing below the minimum amount and rejects another currency or a visit', async () => {
    const shop = await createShop(db.orm, { kind: 'points', rules: { minimumAmount: 1000 } });
    expect((await transact(db.orm, shop, eur(999))).result).toMatchObject({ earned: 0, note: 'BELOW_MINIMUM_AMOUNT', balanceAfter: 0 });
    expect((await transact(db.orm, shop, { kind: 'purchase', amount: 5000, currency: 'USD' })).rejection?.code).toBe('CURRENCY_MISMATCH');
    expect((await transact(db.orm, shop, { kind: 'visit' })).rejection?.code).toBe('NOT_SUPPORTED_BY_PROGRAM');
    expect((await transact(db.orm, shop, { kind: 'purchase', currency: 'EUR', details: { lines: 'many' } })).rejection?.code).toBe('INVALID_DETAILS');
  });

  it('moves the card up a tier, multiplies later earnings, and moves it back down when the earning is voided', async () => {
    const shop = await createShop(db.orm, {
      kind: 'points',
      rules: {
        tiers: [
          { name: 'Silver', minPointsEarned: 100, multiplier: 1 },
          { name: 'Gold', minPointsEarned: 200, multiplier: 2 },
        ],
      },
    });
    const big = await transact(db.orm, shop, eur(20_000));
    expect(big.result).toMatchObject({ earned: 200, tier: 'Gold' });
    expect((await transact(db.orm, shop, eur(1000))).result).toMatchObject({ earned: 20, multiplier: 2 });
    expect((await transact(db.orm, shop, { kind: 'void', reverses: big.id })).result).toMatchObject({ reversed: 200, tier: null, balanceAfter: 20 });
    expect(await eventsOf(db.orm, 'tier.changed', shop.cardId)).toEqual([
      expect.objectContaining({ from: null, to: 'Gold' }),
      expect.objectContaining({ from: 'Gold', to: null }),
    ]);
  });

  it('takes back earned points across partial refunds, exactly all of them on a full refund', async () => {
    const shop = await createShop(db.orm, { kind: 'points', rules: {} });
    const purchase = await transact(db.orm, shop, eur(1000));
    expect(purchase.result).toMatchObject({ earned: 10 });
    const clawbacks = [];
    for (const refundAmount of [333, 333, 334]) {
      clawbacks.push((await transact(db.orm, shop, { kind: 'refund', reverses: purchase.id, details: { refundAmount } })).result?.clawback);
    }
    expect(clawbacks).toEqual([3, 4, 3]);
    expect(await balanceOf(db.orm, shop.cardId)).toBe(0);
    expect((await transact(db.orm, shop, { kind: 'refund', reverses: purchase.id, details: { refundAmount: 1 } })).rejection?.code).toBe(
      'REFUND_EXCEEDS_AMOUNT',
    );
  });

  it('never takes the balance below zero: what was already spent is reported unrecovered', async () => {
    const shop = await createShop(db.orm, { kind: 'points', rules: {} });
    const purchase = await transact(db.orm, shop, eur(1000));
    await transact(db.orm, shop, { kind: 'adjustment', details: { points: -7, reason: 'correction' } });
    expect((await transact(db.orm, shop, { kind: 'void', reverses: purchase.id })).result).toMatchObject({ reversed: 3, unrecovered: 7, balanceAfter: 0 });
    expect((await transact(db.orm, shop, { kind: 'void', reverses: purchase.id })).rejection?.code).toBe('ALREADY_REVERSED');
    expect((await transact(db.orm, shop, { kind: 'refund', reverses: purchase.id, details: { refundAmount: 10 } })).rejection?.code).toBe('ALREADY_REVERSED');
  });

  it("checks a catalog reward's window, stock and per-customer limit, and a void restores stock and balance", async () => {
    const shop = await createShop(db.orm, { kind: 'points', rules: {} });
    await transact(db.orm, shop, eur(10_000));
    const future = await addCatalogReward(db.orm, shop, { cost: 10, validFrom: new Date(Date.now() + 86_400_000) });
    expect((await transact(db.orm, shop, { kind: 'redemption', details: { catalogRewardId: future } })).rejection?.code).toBe('REWARD_NOT_AVAILABLE');

    const bag = await addCatalogReward(db.orm, shop, { cost: 30, stock: 1, perCustomerLimit: 1 });
    const redeemed = await transact(db.orm, shop, { kind: 'redemption', details: { catalogRewardId: bag } });
    expect(redeemed.result).toMatchObject({ spent: 30, delta: -30, balanceAfter: 70 });
    expect((await transact(db.orm, shop, { kind: 'redemption', details: { catalogRewardId: bag } })).rejection?.code).toBe('OUT_OF_STOCK');

    expect((await transact(db.orm, shop, { kind: 'void', reverses: redeemed.id })).result).toMatchObject({ restored: 30, balanceAfter: 100 });
    const [reward] = await db.orm.em
      .fork()
      .execute<{ status: string; stock: number }[]>(
        'select r.status, c.stock from loyalty.rewards r join loyalty.catalog_rewards c on c.id = r.catalog_reward_id where r.catalog_reward_id = ?',
        [bag],
      );
    expect(reward).toEqual({ status: 'cancelled', stock: 1 });

    expect((await transact(db.orm, shop, { kind: 'redemption', details: { catalogRewardId: bag } })).status).toBe('applied');
    await db.orm.em.fork().execute('update loyalty.catalog_rewards set stock = 5 where id = ?', [bag]);
    expect((await transact(db.orm, shop, { kind: 'redemption', details: { catalogRewardId: bag } })).rejection?.code).toBe('REWARD_LIMIT_REACHED');
  });

  it('leaves no partial write behind when a rule rejects after taking from the lots', async () => {
    const shop = await createShop(db.orm, { kind: 'points', rules: {} });
    await transact(db.orm, shop, eur(1000));
    await transact(db.orm, shop, eur(500));
    const before = await booksOf(db.orm, shop.cardId);
    expect(before).toMatchObject({ balance: 15, ledger: 15 });

    // The adjustment debits both lots, comes up 5 short and only then rejects.
    const rejected = await transact(db.orm, shop, { kind: 'adjustment', details: { points: -20, reason: 'too much' } });

    expect(rejected).toMatchObject({ status: 'rejected', result: null, rejection: { code: 'INSUFFICIENT_BALANCE' } });
    expect(await booksOf(db.orm, shop.cardId)).toEqual(before);
    const [entries] = await db.orm.em
      .fork()
      .execute<{ count: string }[]>('select count(*) from loyalty.ledger_entries where transaction_id = ?', [rejected.id]);
    expect(Number(entries?.count)).toBe(0);
    expect(await eventsOf(db.orm, 'transaction.settled', rejected.id)).toEqual([
      expect.objectContaining({ status: 'rejected', rejectionCode: 'INSUFFICIENT_BALANCE', delta: 0, balanceAfter: 15 }),
    ]);
    expect((await transact(db.orm, shop, { kind: 'adjustment', details: { points: -15, reason: 'all of it' } })).result).toMatchObject({
      spent: 15,
      balanceAfter: 0,
    });
  });

  it('spends the lot that expires first, whenever it was earned', async () => {
    const shop = await createShop(db.orm, { kind: 'points', rules: { expiry: { type: 'after', amount: 30, unit: 'days' } } });
    const t0 = new Date('2026-01-10T12:00:00Z');
    await transact(db.orm, shop, eur(1000), t0);
    await db.orm.em
      .fork()
      .execute(`update loyalty.programs set rules = jsonb_set(rules, '{expiry}', '{"type":"endOf","unit":"month"}') where id = ?`, [shop.programId]);
    await transact(db.orm, shop, eur(1000), new Date('2026-01-11T12:00:00Z'));
    await transact(db.orm, shop, { kind: 'adjustment', details: { points: -12, reason: 'test' } }, new Date('2026-01-12T12:00:00Z'));
    const books = await booksOf(db.orm, shop.cardId);
    expect(books.lots.map((lot) => [lot.expiresAt?.toISOString(), lot.remaining])).toEqual([
      ['2026-02-09T12:00:00.000Z', 8],
      ['2026-01-31T23:59:59.999Z', 0],
    ]);
  });

  it('grants the enrolment bonus once per card, however often the enrolment is delivered', async () => {
    const shop = await createShop(db.orm, { kind: 'points', rules: { enrolmentBonus: 50 } });
    const enrolled = { cardId: shop.cardId, programId: shop.programId, customerId: shop.customerId, enrolledAt: new Date().toISOString() };
    await db.orm.em.fork().transactional((em) => grantEnrolmentBonus(em, enrolled));
    await db.orm.em.fork().transactional((em) => grantEnrolmentBonus(em, enrolled));
    expect(await balanceOf(db.orm, shop.cardId)).toBe(50);
    expect(await eventsOf(db.orm, 'transaction.settled', undefined)).toEqual(
      expect.arrayContaining([expect.objectContaining({ cardId: shop.cardId, kind: 'bonus', delta: 50 })]),
    );

    const stamps = await createShop(db.orm, { kind: 'stamp', rules: {} });
    await db.orm.em.fork().transactional((em) => grantEnrolmentBonus(em, { ...enrolled, cardId: stamps.cardId, programId: stamps.programId }));
    expect(await balanceOf(db.orm, stamps.cardId)).toBe(0);
  });
});
