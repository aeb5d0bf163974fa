import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const Program = defineEntity({
  name: 'Program',
  schema: 'loyalty',
  tableName: 'programs',
  properties: {
    id: p.uuid().primary(),
    businessId: p.uuid(),
    brandId: p.uuid(),
    name: p.text(),
    kind: p.enum(['stamp'] as const),
    stampsRequired: p.integer(),
    rewardDescription: p.text(),
    status: p.enum(['active'] as const),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Program = InferEntity<typeof Program>;

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
    stamps: p.integer().default(0),
    rewardsEarned: p.integer().default(0),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Card = InferEntity<typeof Card>;

export interface VisitResult {
  stamps: number;
  stampsRequired: number;
  rewardsUnlocked: number;
}

export const LoyaltyTransaction = defineEntity({
  name: 'LoyaltyTransaction',
  schema: 'loyalty',
  tableName: 'transactions',
  properties: {
    id: p.uuid().primary(),
    businessId: p.uuid(),
    cardId: p.uuid(),
    storeId: p.uuid(),
    kind: p.enum(['visit'] as const),
    posTransactionId: p.text(),
    status: p.enum(['pending', 'applied'] as const),
    result: p.json<VisitResult>().nullable(),
    recordedBy: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
    appliedAt: p.datetime().nullable(),
  },
});
export type LoyaltyTransaction = InferEntity<typeof LoyaltyTransaction>;

export const LedgerEntry = defineEntity({
  name: 'LedgerEntry',
  schema: 'loyalty',
  tableName: 'ledger_entries',
  properties: {
    id: p.uuid().primary(),
    businessId: p.uuid(),
    cardId: p.uuid(),
    transactionId: p.uuid(),
    kind: p.enum(['stamp.earned', 'stamps.converted'] as const),
    stamps: p.integer(),
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
    transactionId: p.uuid(),
    status: p.enum(['available'] as const),
    unlockedAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Reward = InferEntity<typeof Reward>;
