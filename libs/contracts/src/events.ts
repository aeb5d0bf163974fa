import { z } from 'zod';
import type { TopicName } from './envelope.js';

export const transactionRecorded = z.object({
  transactionId: z.uuid(),
  cardId: z.uuid(),
  programId: z.uuid(),
  storeId: z.uuid(),
  kind: z.literal('visit'),
  posTransactionId: z.string().min(1),
  recordedAt: z.iso.datetime({ offset: true }),
});

export const rewardUnlocked = z.object({
  rewardId: z.uuid(),
  cardId: z.uuid(),
  programId: z.uuid(),
  programName: z.string(),
  rewardDescription: z.string(),
  customer: z.object({ id: z.uuid(), email: z.email(), displayName: z.string() }),
  stampsRequired: z.number().int().positive(),
  unlockedAt: z.iso.datetime({ offset: true }),
});

interface EventDefinition {
  topic: TopicName;
  version: number;
  aggregate: string;
  payload: z.ZodType;
}

/** Every event type: the topic (bounded context) it is published on, its current version and payload schema. */
export const eventCatalog = {
  'transaction.recorded': { topic: 'loyalty', version: 1, aggregate: 'transaction', payload: transactionRecorded },
  'reward.unlocked': { topic: 'loyalty', version: 1, aggregate: 'card', payload: rewardUnlocked },
} as const satisfies Record<string, EventDefinition>;

export type EventType = keyof typeof eventCatalog;
export type EventPayload<T extends EventType> = z.infer<(typeof eventCatalog)[T]['payload']>;

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventCatalog, type);
}
