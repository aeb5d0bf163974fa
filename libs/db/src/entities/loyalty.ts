import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { cardStatuses, ledgerKinds, programKinds, programStatuses, transactionKinds, type TransactionRejection, type TransactionResult } from './vocabulary.js';
import type { ProgramRules } from './program-rules.js';

/** `rules` holds StampRules or PointsRules by `kind`; parse it with the matching schema before use. */
export const Program = defineEntity({
  name: 'Program',
  schema: 'loyalty',
  tableName: 'programs',
  properties: {
    id: p.uuid().primary(),
    businessId: p.uuid(),
    brandId: p.uuid(),
    name: p.text(),
    kind: p.enum(programKinds),
    status: p.enum(programStatuses),
    rules: p.json<ProgramRules>(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type Program = InferEntity<typeof Program>;

export const CatalogReward = defineEntity({
  name: 'CatalogReward',
  schema: 'loyalty',
  tableName: 'catalog_rewards',
  properties: {
    id: p.uuid().primary(),
    businessId: p.uuid(),
    programId: p.uuid(),
    name: p.text(),
    description: p.text().default(''),
    cost: p.integer(),
    validFrom: p.datetime().nullable(),
    validUntil: p.datetime().nullable(),
    stock: p.integer().nullable(),
    perCustomerLimit: p.integer().nullable(),
    status: p.enum(['active', 'archived'] as const).default('active'),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type CatalogReward = InferEntity<typeof CatalogReward>;

export const Card = defineEntity({
  name: 'Card',
  schema: 'loyalty',
  tableName: 'cards',
  properties: {
    id: p.uuid().primary(),
    businessId: p.uuid(),
    programId: p.uuid(),
    customerId: p.uuid(),
    cardNumber: p.text().unique(),
    /** Stamps or points: always equal to the sum of the card's ledger entries. */
    balance: p.integer().default(0),
    status: p.enum(cardStatuses).default('active'),
    tier: p.text().nullable(),
    /** Stamp cards filled so far (each became a reward). */
    completedCards: p.integer().default(0),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Card = InferEntity<typeof Card>;

export const LoyaltyTransaction = defineEntity({
  name: 'LoyaltyTransaction',
  schema: 'loyalty',
  tableName: 'transactions',
  properties: {
    id: p.uuid().primary(),
    businessId: p.uuid(),
    cardId: p.uuid(),
    storeId: p.uuid().nullable(),
    kind: p.enum(transactionKinds),
    posTransactionId: p.text(),
    status: p.enum(['pending', 'applied', 'rejected'] as const),
    amount: p.bigint('number').nullable(),
    currency: p.text().nullable(),
    /** Kind-specific input: purchase lines, paid-with-points, reward ids, reason, refund amount… */
    details: p.json<Record<string, unknown>>(),
    result: p.json<TransactionResult>().nullable(),
    rejection: p.json<TransactionRejection>().nullable(),
    reversesTransactionId: p.uuid().nullable(),
    recordedBy: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
    appliedAt: p.datetime().nullable(),
  },
});
export type LoyaltyTransaction = InferEntity<typeof LoyaltyTransaction>;

export const Lot = defineEntity({
  name: 'Lot',
  schema: 'loyalty',
  tableName: 'lots',
  properties: {
    id: p.uuid().primary(),
    businessId: p.uuid(),
    cardId: p.uuid(),
    transactionId: p.uuid().nullable(),
    earned: p.integer(),
    /** Always equal to the sum of this lot's ledger entries. */
    remaining: p.integer(),
    expiresAt: p.datetime().nullable(),
    expiringNotifiedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Lot = InferEntity<typeof Lot>;

/** Append-only. One entry per lot touched, so every lot can be traced and every reversal undone exactly. */
export const LedgerEntry = defineEntity({
  name: 'LedgerEntry',
  schema: 'loyalty',
  tableName: 'ledger_entries',
  properties: {
    id: p.uuid().primary(),
    businessId: p.uuid(),
    cardId: p.uuid(),
    transactionId: p.uuid().nullable(),
    lotId: p.uuid().nullable(),
    kind: p.enum(ledgerKinds),
    amount: p.integer(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type LedgerEntry = InferEntity<typeof LedgerEntry>;

export const Reward = defineEntity({
  name: 'Reward',
  schema: 'loyalty',
  tableName: 'rewards',
  properties: {
    id: p.uuid().primary(),
    businessId: p.uuid(),
    cardId: p.uuid(),
    programId: p.uuid(),
    /** The transaction that unlocked or bought it. */
    transactionId: p.uuid(),
    catalogRewardId: p.uuid().nullable(),
    description: p.text().default(''),
    /** For stamp cards: which filled card (1, 2, …) this reward came from. */
    cardNumberCompleted: p.integer().nullable(),
    status: p.enum(['available', 'redeemed', 'cancelled'] as const),
    unlockedAt: p.datetime().onCreate(() => new Date()),
    redeemedAt: p.datetime().nullable(),
    redeemedByTransactionId: p.uuid().nullable(),
  },
});
export type Reward = InferEntity<typeof Reward>;

export const RedemptionCode = defineEntity({
  name: 'RedemptionCode',
  schema: 'loyalty',
  tableName: 'redemption_codes',
  properties: {
    codeHash: p.text().primary(),
    businessId: p.uuid(),
    cardId: p.uuid(),
    rewardId: p.uuid().nullable(),
    catalogRewardId: p.uuid().nullable(),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type RedemptionCode = InferEntity<typeof RedemptionCode>;
