import fc from 'fast-check';
import { admit } from '../src/domain/admission.js';
import { checkCatalogRedemption, type CatalogOffer } from '../src/domain/catalog-redemption.js';
import { checkDailyStampLimit, startOfLocalDay } from '../src/domain/daily-stamp-limit.js';
import { pointsExpiryDate, stampExpiryDate } from '../src/domain/expiry-date.js';
import { eligibleAmount, pointsForPurchase } from '../src/domain/points-earn.js';
import { clawbackForRefund } from '../src/domain/refund-clawback.js';
import { TransactionRejected } from '../src/domain/rejection.js';
import { planTakes, type OpenLot } from '../src/domain/spending-order.js';
import { fullCards } from '../src/domain/stamp-card.js';
import { tierFor } from '../src/domain/tiers.js';

const day = (iso: string) => new Date(iso);
const rejectionOf = (run: () => unknown): string | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof TransactionRejected) return error.code;
    throw error;
  }
};

describe('spending order', () => {
  const lot = (id: string, remaining: number, expiresAt: string | null, createdAt: string): OpenLot => ({
    id,
    remaining,
    expiresAt: expiresAt ? day(expiresAt) : null,
    createdAt: day(createdAt),
  });

  it('spends the earliest expiry first, never-expiring last, then the oldest', () => {
    const lots = [
      lot('never-old', 5, null, '2026-01-01'),
      lot('late', 5, '2026-06-01', '2026-01-03'),
      lot('soon', 5, '2026-02-01', '2026-01-05'),
      lot('never-new', 5, null, '2026-01-02'),
    ];
    expect(planTakes(lots, 17)).toEqual({
      takes: [
        { lotId: 'soon', amount: 5 },
        { lotId: 'late', amount: 5 },
        { lotId: 'never-old', amount: 5 },
        { lotId: 'never-new', amount: 2 },
      ],
      shortfall: 0,
    });
  });

  it('takes from the preferred lot first and reports what no lot could cover', () => {
    const lots = [lot('a', 3, '2026-02-01', '2026-01-01'), lot('own', 2, null, '2026-01-02')];
    expect(planTakes(lots, 9, ['own'])).toEqual({
      takes: [
        { lotId: 'own', amount: 2 },
        { lotId: 'a', amount: 3 },
      ],
      shortfall: 4,
    });
  });

  it('never takes more than a lot holds, and takes plus shortfall always add up to the amount', () => {
    const lots = fc.uniqueArray(
      fc.record({ id: fc.uuid(), remaining: fc.nat(50), expiresAt: fc.option(fc.date({ noInvalidDate: true })), createdAt: fc.date({ noInvalidDate: true }) }),
      { maxLength: 8, selector: (l) => l.id },
    );
    fc.assert(
      fc.property(lots, fc.nat(300), (open, amount) => {
        const { takes, shortfall } = planTakes(open, amount);
        expect(takes.reduce((sum, t) => sum + t.amount, 0) + shortfall).toBe(amount);
        for (const take of takes) expect(take.amount).toBeLessThanOrEqual(open.find((l) => l.id === take.lotId)!.remaining);
        expect(shortfall === 0 || shortfall === amount - open.reduce((sum, l) => sum + l.remaining, 0)).toBe(true);
      }),
    );
  });
});

describe('points for a purchase', () => {
  const rules = { pointsPerUnit: 1, rounding: 'down' as const, minimumAmount: 0 };

  it('leaves out gift cards and what was paid with points, never below zero', () => {
    expect(
      eligibleAmount(5000, {
        lines: [
          { amount: 3000, giftCard: false },
          { amount: 2000, giftCard: true },
        ],
        paidWithPoints: 1000,
      }),
    ).toBe(2000);
    expect(eligibleAmount(5000, { paidWithPoints: 0 })).toBe(5000);
    expect(eligibleAmount(500, { paidWithPoints: 900 })).toBe(0);
  });

  it('rounds down, to nearest or up as the program says, with the tier multiplier', () => {
    expect(pointsForPurchase(1999, rules, 1).points).toBe(19);
    expect(pointsForPurchase(1950, { ...rules, rounding: 'nearest' }, 1).points).toBe(20);
    expect(pointsForPurchase(1901, { ...rules, rounding: 'up' }, 1).points).toBe(20);
    expect(pointsForPurchase(1000, rules, 1.1).points).toBe(11);
    expect(pointsForPurchase(1000, { ...rules, pointsPerUnit: 2.5 }, 1.5).points).toBe(37);
  });

  it('earns nothing below the minimum amount, and says why', () => {
    expect(pointsForPurchase(999, { ...rules, minimumAmount: 1000 }, 1)).toEqual({ points: 0, note: 'BELOW_MINIMUM_AMOUNT' });
  });
});

describe('refund clawback', () => {
  it('takes back exactly what was earned once the whole amount is refunded, whatever the parts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.nat(10_000),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 10 }),
        (amount, earned, weights) => {
          const total = weights.reduce((a, b) => a + b, 0);
          const parts = weights.map((w) => Math.floor((w * amount) / total));
          parts[parts.length - 1]! += amount - parts.reduce((a, b) => a + b, 0);
          let refunded = 0;
          let clawedBack = 0;
          for (const refundAmount of parts.filter((p) => p > 0)) {
            const clawback = clawbackForRefund({ earned, amount, refundedBefore: refunded, refundAmount });
            expect(clawback).toBeGreaterThanOrEqual(0);
            refunded += refundAmount;
            clawedBack += clawback;
          }
          expect(clawedBack).toBe(earned);
        },
      ),
    );
  });

  it('rejects refunds beyond the purchase amount', () => {
    expect(rejectionOf(() => clawbackForRefund({ earned: 10, amount: 1000, refundedBefore: 600, refundAmount: 401 }))).toBe('REFUND_EXCEEDS_AMOUNT');
  });
});

describe('expiry dates', () => {
  const earnedAt = day('2026-01-31T15:30:00Z');

  it('computes never, after N days/months/years and end of month/year in UTC', () => {
    expect(pointsExpiryDate({ type: 'never' }, earnedAt)).toBeNull();
    expect(pointsExpiryDate({ type: 'after', amount: 10, unit: 'days' }, earnedAt)).toEqual(day('2026-02-10T15:30:00Z'));
    expect(pointsExpiryDate({ type: 'after', amount: 1, unit: 'months' }, earnedAt)).toEqual(day('2026-02-28T15:30:00Z'));
    expect(pointsExpiryDate({ type: 'after', amount: 2, unit: 'years' }, day('2024-02-29T00:00:00Z'))).toEqual(day('2026-02-28T00:00:00Z'));
    expect(pointsExpiryDate({ type: 'endOf', unit: 'month' }, earnedAt)).toEqual(day('2026-01-31T23:59:59.999Z'));
    expect(pointsExpiryDate({ type: 'endOf', unit: 'year' }, earnedAt)).toEqual(day('2026-12-31T23:59:59.999Z'));
    expect(stampExpiryDate(null, earnedAt)).toBeNull();
    expect(stampExpiryDate(1, earnedAt)).toEqual(day('2026-02-01T15:30:00Z'));
  });

  it('never expires points before they were earned', () => {
    const expiry = fc.oneof(
      fc.record({
        type: fc.constant('after' as const),
        amount: fc.integer({ min: 1, max: 36 }),
        unit: fc.constantFrom('days' as const, 'months' as const, 'years' as const),
      }),
      fc.record({ type: fc.constant('endOf' as const), unit: fc.constantFrom('month' as const, 'year' as const) }),
    );
    fc.assert(
      fc.property(expiry, fc.date({ min: day('2000-01-01'), max: day('2100-01-01'), noInvalidDate: true }), (rule, at) =>
        expect(pointsExpiryDate(rule, at)!.getTime()).toBeGreaterThanOrEqual(at.getTime()),
      ),
    );
  });
});

describe('tiers', () => {
  const tiers = [
    { name: 'Silver', minPointsEarned: 100, multiplier: 1.2 },
    { name: 'Gold', minPointsEarned: 500, multiplier: 1.5 },
  ];
  it('is the highest tier reached, or none', () => {
    expect(tierFor(tiers, 99)).toBeNull();
    expect(tierFor(tiers, 100)?.name).toBe('Silver');
    expect(tierFor(tiers, 10_000)?.name).toBe('Gold');
  });
});

describe('stamp cards', () => {
  it('counts full cards; the rest carries over', () => {
    expect(fullCards(4, 5)).toBe(0);
    expect(fullCards(11, 5)).toBe(2);
  });
});

describe('daily stamp limit', () => {
  it('starts the day at local midnight, across daylight saving changes', () => {
    expect(startOfLocalDay(day('2026-03-02T03:00:00Z'), 'America/New_York')).toEqual(day('2026-03-01T05:00:00Z'));
    expect(startOfLocalDay(day('2026-03-29T12:00:00Z'), 'Europe/Berlin')).toEqual(day('2026-03-28T23:00:00Z'));
    expect(startOfLocalDay(day('2026-03-30T12:00:00Z'), 'Europe/Berlin')).toEqual(day('2026-03-29T22:00:00Z'));
    expect(startOfLocalDay(day('2026-07-01T23:30:00Z'), 'UTC')).toEqual(day('2026-07-01T00:00:00Z'));
  });

  it('rejects a stamp over the limit, and nothing when there is none', () => {
    expect(rejectionOf(() => checkDailyStampLimit(2, 1, 3))).toBeUndefined();
    expect(rejectionOf(() => checkDailyStampLimit(3, 1, 3))).toBe('DAILY_STAMP_LIMIT');
    expect(rejectionOf(() => checkDailyStampLimit(300, 1, null))).toBeUndefined();
  });
});

describe('admission', () => {
  it('lets a paused program redeem but not earn, an ended one nothing, and reversals always through', () => {
    expect(rejectionOf(() => admit('redemption', 'paused', 'active'))).toBeUndefined();
    expect(rejectionOf(() => admit('purchase', 'paused', 'active'))).toBe('PROGRAM_NOT_ACTIVE');
    expect(rejectionOf(() => admit('redemption', 'ended', 'active'))).toBe('PROGRAM_NOT_ACTIVE');
    expect(rejectionOf(() => admit('visit', 'active', 'suspended'))).toBe('CARD_SUSPENDED');
    expect(rejectionOf(() => admit('void', 'ended', 'suspended'))).toBeUndefined();
  });
});

describe('catalog redemption', () => {
  const offer: CatalogOffer = {
    name: 'Mug',
    cost: 50,
    validFrom: day('2026-01-01'),
    validUntil: day('2026-12-31'),
    stock: 3,
    perCustomerLimit: 2,
    status: 'active',
  };
  const now = day('2026-06-01');
  it('checks balance, window, stock and limit in that order', () => {
    expect(rejectionOf(() => checkCatalogRedemption(offer, { balance: 50, alreadyRedeemed: 1 }, now))).toBeUndefined();
    expect(rejectionOf(() => checkCatalogRedemption({ ...offer, stock: 0 }, { balance: 49, alreadyRedeemed: 0 }, now))).toBe('INSUFFICIENT_BALANCE');
    expect(rejectionOf(() => checkCatalogRedemption({ ...offer, stock: 0 }, { balance: 50, alreadyRedeemed: 0 }, day('2027-01-01')))).toBe(
      'REWARD_NOT_AVAILABLE',
    );
    expect(rejectionOf(() => checkCatalogRedemption({ ...offer, stock: 0 }, { balance: 50, alreadyRedeemed: 2 }, now))).toBe('OUT_OF_STOCK');
    expect(rejectionOf(() => checkCatalogRedemption(offer, { balance: 50, alreadyRedeemed: 2 }, now))).toBe('REWARD_LIMIT_REACHED');
    expect(rejectionOf(() => checkCatalogRedemption({ ...offer, status: 'archived' }, { balance: 50, alreadyRedeemed: 0 }, now))).toBe('REWARD_NOT_AVAILABLE');
  });
});
