import fc from 'fast-check';
import { expireDueLots } from '../src/use-cases/expire-due-lots.js';
import { addCatalogReward, booksOf, createShop, openTestDb, transact, type Settled, type Shop, type TestDb } from './support/shop.js';

let db: TestDb;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(() => db.stop());

type Step =
  | { kind: 'earn'; amount: number }
  | { kind: 'redeem'; reward: number }
  | { kind: 'void'; pick: number }
  | { kind: 'refund'; pick: number; share: number }
  | { kind: 'adjust'; points: number }
  | { kind: 'expire' };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('earn' as const), amount: fc.integer({ min: 0, max: 6000 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('redeem' as const), reward: fc.nat(2) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('void' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('refund' as const), pick: fc.nat(), share: fc.double({ min: 0.05, max: 1, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('adjust' as const), points: fc.integer({ min: -40, max: 40 }).filter((n) => n !== 0) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'expire' as const }) },
);

interface Applied {
  id: string;
  kind: 'purchase' | 'redemption';
  amount: number;
  spent: number;
}

async function expectBooksBalanced(cardId: string): Promise<number> {
  const books = await booksOf(db.orm, cardId);
  expect(books.balance).toBe(books.ledger);
  expect(books.balance).toBeGreaterThanOrEqual(0);
  for (const lot of books.lots) {
    expect(lot.remaining).toBe(lot.entries);
    expect(lot.remaining).toBeGreaterThanOrEqual(0);
    expect(lot.remaining).toBeLessThanOrEqual(lot.earned);
  }
  return books.balance;
}

async function run(shop: Shop, rewards: string[], steps: Step[]): Promise<void> {
  let now = new Date('2026-01-01T09:00:00Z');
  const applied: Applied[] = [];
  for (const s of steps) {
    now = new Date(now.getTime() + 2 * 86_400_000);
    const before = await expectBooksBalanced(shop.cardId);
    let outcome: Settled | undefined;
    switch (s.kind) {
      case 'earn': {
        const purchase = await transact(db.orm, shop, { kind: 'purchase', amount: s.amount, currency: 'EUR' }, now);
        if (purchase.status === 'applied') applied.push({ id: purchase.id, kind: 'purchase', amount: s.amount, spent: 0 });
        outcome = purchase;
        break;
      }
      case 'redeem': {
        const redemption = await transact(db.orm, shop, { kind: 'redemption', details: { catalogRewardId: rewards[s.reward] } }, now);
        if (redemption.status === 'applied') applied.push({ id: redemption.id, kind: 'redemption', amount: 0, spent: Number(redemption.result?.spent) });
        else expect(redemption.rejection?.code).toBe('INSUFFICIENT_BALANCE');
        outcome = redemption;
        break;
      }
      case 'void': {
        const target = applied[s.pick % Math.max(1, applied.length)];
        if (!target) continue;
        outcome = await transact(db.orm, shop, { kind: 'void', reverses: target.id }, now);
        if (outcome.status === 'applied' && target.kind === 'redemption') expect(outcome.result?.delta).toBe(target.spent);
        if (outcome.status === 'rejected') expect(outcome.rejection?.code).toBe('ALREADY_REVERSED');
        break;
      }
      case 'refund': {
        const purchases = applied.filter((a) => a.kind === 'purchase' && a.amount > 0);
        const target = purchases[s.pick % Math.max(1, purchases.length)];
        if (!target) continue;
        outcome = await transact(
          db.orm,
          shop,
          { kind: 'refund', reverses: target.id, details: { refundAmount: Math.max(1, Math.floor(target.amount * s.share)) } },
          now,
        );
        if (outcome.status === 'rejected') expect(['ALREADY_REVERSED', 'REFUND_EXCEEDS_AMOUNT']).toContain(outcome.rejection?.code);
        break;
      }
      case 'adjust':
        outcome = await transact(db.orm, shop, { kind: 'adjustment', details: { points: s.points, reason: 'property' } }, now);
        if (outcome.status === 'rejected') expect(outcome.rejection?.code).toBe('INSUFFICIENT_BALANCE');
        break;
      case 'expire':
        await expireDueLots(db.orm.em.fork(), now, 2);
        expect((await booksOf(db.orm, shop.cardId)).lots.filter((lot) => lot.expiresAt && lot.expiresAt <= now && lot.remaining > 0)).toEqual([]);
        break;
    }
    const after = await expectBooksBalanced(shop.cardId);
    if (outcome?.status === 'applied') expect(outcome.result?.balanceAfter).toBe(after);
    if (outcome?.status === 'rejected') expect(after).toBe(before);
  }
}

describe('the ledger under any sequence of earning, redeeming, voiding, refunding, adjusting and expiring', () => {
  it('keeps the balance equal to the ledger, every lot equal to its entries and within what it earned', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 15 }), async (steps) => {
        const shop = await createShop(db.orm, {
          kind: 'points',
          rules: { pointsPerUnit: 1, rounding: 'nearest', expiry: { type: 'after', amount: 9, unit: 'days' } },
        });
        const rewards = await Promise.all([5, 20, 45].map((cost) => addCatalogReward(db.orm, shop, { cost })));
        await run(shop, rewards, steps);
      }),
      { numRuns: 30 },
    );
  }, 60_000);
});
