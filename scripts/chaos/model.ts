import { RULES, type Card } from './setup.js';

/** What the client expects of one write, from the rules alone: applied with this ledger delta, or rejected with this code. */
export type Expectation = { applies: true; delta: number; unlocks: number } | { applies: false; code: string };

interface Earning {
  transactionId: string;
  amount: number;
  earned: number;
  reversed: boolean;
}

/**
 * The client's own book of one card, kept from what it was told and the programs' rules: a 10-stamp
 * card (one stamp a visit), or 1 point per whole euro rounded down with a 20-point catalog reward.
 * Each card has one write in flight at most, so the order the client saw is the order applied.
 */
export class CardBook {
  balance = 0;
  rewardsUnlocked = 0;
  readonly redeemedRewardIds = new Set<string>();
  readonly earnings: Earning[] = [];

  readonly card: Card;

  constructor(card: Card) {
    this.card = card;
  }

  get rewardsAvailable(): number {
    return this.rewardsUnlocked - this.redeemedRewardIds.size;
  }

  expectVisit(): Expectation {
    if (this.card.kind === 'points') return { applies: false, code: 'NOT_SUPPORTED_BY_PROGRAM' };
    const full = this.balance + 1 >= RULES.stampsRequired;
    return { applies: true, delta: full ? 1 - RULES.stampsRequired : 1, unlocks: full ? 1 : 0 };
  }

  expectPurchase(amount: number): Expectation {
    return { applies: true, delta: Math.floor(amount / 100) * RULES.pointsPerUnit, unlocks: 0 };
  }

  expectCatalogRedemption(): Expectation {
    if (this.balance < RULES.catalogRewardCost) return { applies: false, code: 'INSUFFICIENT_BALANCE' };
    return { applies: true, delta: -RULES.catalogRewardCost, unlocks: 0 };
  }

  expectStampRedemption(): Expectation {
    return { applies: true, delta: 0, unlocks: 0 };
  }

  /** A void takes back what the earning earned; what the card no longer holds goes unrecovered. */
  expectVoid(earning: Earning): Expectation {
    return { applies: true, delta: -Math.min(earning.earned, this.balance), unlocks: 0 };
  }

  /** One refund per purchase here, so the cumulative clawback is round(earned × refunded / amount). */
  expectRefund(earning: Earning, refundAmount: number): Expectation {
    const clawback = Math.round((earning.earned * refundAmount) / earning.amount);
    return { applies: true, delta: -Math.min(clawback, this.balance), unlocks: 0 };
  }

  /** Books what the system said it did. */
  apply(expectation: Expectation & { applies: true }): void {
    this.balance += expectation.delta;
    this.rewardsUnlocked += expectation.unlocks;
  }

  openEarnings(): Earning[] {
    return this.earnings.filter((earning) => !earning.reversed);
  }
}
