import { z } from 'zod';
import type { TopicName } from './envelope.js';

const id = z.uuid();
const timestamp = z.iso.datetime({ offset: true });
const customerContact = z.object({ id, email: z.email().nullable(), displayName: z.string() });

export const transactionKinds = ['visit', 'purchase', 'redemption', 'void', 'refund', 'adjustment', 'bonus'] as const;

/** A transaction was recorded and waits for the loyalty processor, which reads its row by id. */
export const transactionRecorded = z.object({
  transactionId: id,
  cardId: id,
  programId: id,
  storeId: id.nullable(),
  kind: z.enum(transactionKinds),
  posTransactionId: z.string().min(1),
  recordedAt: timestamp,
});

/** The processor settled a transaction: applied (with its effect) or rejected (with a reason code). */
export const transactionSettled = z.object({
  transactionId: id,
  cardId: id,
  programId: id,
  customerId: id,
  kind: z.enum(transactionKinds),
  status: z.enum(['applied', 'rejected']),
  delta: z.number().int(),
  balanceAfter: z.number().int(),
  rejectionCode: z.string().nullable(),
  settledAt: timestamp,
});

export const cardEnrolled = z.object({ cardId: id, programId: id, customerId: id, enrolledAt: timestamp });

export const rewardUnlocked = z.object({
  rewardId: id,
  cardId: id,
  programId: id,
  programName: z.string(),
  rewardDescription: z.string(),
  customer: customerContact,
  stampsRequired: z.number().int().positive(),
  unlockedAt: timestamp,
});

export const rewardRedeemed = z.object({ rewardId: id, cardId: id, programId: id, transactionId: id, redeemedAt: timestamp });

export const tierChanged = z.object({ cardId: id, programId: id, customerId: id, from: z.string().nullable(), to: z.string().nullable(), changedAt: timestamp });

export const pointsExpiring = z.object({
  cardId: id,
  programId: id,
  programName: z.string(),
  lotId: id,
  points: z.number().int().positive(),
  expiresAt: timestamp,
  customer: customerContact,
});

export const pointsExpired = z.object({ cardId: id, programId: id, customerId: id, points: z.number().int().positive(), lotIds: z.array(id).min(1), expiredAt: timestamp });

export const customerDeleted = z.object({ customerId: id, deletedAt: timestamp });

interface EventDefinition {
  topic: TopicName;
  version: number;
  aggregate: string;
  payload: z.ZodType;
}

/** Every event type: the topic (bounded context) it is published on, its current version and payload schema. */
export const eventCatalog = {
  'transaction.recorded': { topic: 'loyalty', version: 1, aggregate: 'transaction', payload: transactionRecorded },
  'transaction.settled': { topic: 'loyalty', version: 1, aggregate: 'transaction', payload: transactionSettled },
  'card.enrolled': { topic: 'loyalty', version: 1, aggregate: 'card', payload: cardEnrolled },
  'reward.unlocked': { topic: 'loyalty', version: 1, aggregate: 'card', payload: rewardUnlocked },
  'reward.redeemed': { topic: 'loyalty', version: 1, aggregate: 'card', payload: rewardRedeemed },
  'tier.changed': { topic: 'loyalty', version: 1, aggregate: 'card', payload: tierChanged },
  'points.expiring': { topic: 'loyalty', version: 1, aggregate: 'card', payload: pointsExpiring },
  'points.expired': { topic: 'loyalty', version: 1, aggregate: 'card', payload: pointsExpired },
  'customer.deleted': { topic: 'customer', version: 1, aggregate: 'customer', payload: customerDeleted },
} as const satisfies Record<string, EventDefinition>;

export type EventType = keyof typeof eventCatalog;
export type EventPayload<T extends EventType> = z.infer<(typeof eventCatalog)[T]['payload']>;

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventCatalog, type);
}
