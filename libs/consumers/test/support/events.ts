import { randomUUID } from 'node:crypto';
import type { AnyEvent } from '@loyalty/contracts';

export function transactionRecorded(overrides: Partial<Pick<AnyEvent, 'id' | 'correlationId'>> = {}): AnyEvent {
  const transactionId = randomUUID();
  const now = new Date().toISOString();
  return {
    id: overrides.id ?? randomUUID(),
    type: 'transaction.recorded',
    version: 1,
    occurredAt: now,
    businessId: randomUUID(),
    aggregate: { type: 'transaction', id: transactionId },
    correlationId: overrides.correlationId ?? randomUUID(),
    causationId: null,
    payload: {
      transactionId,
      cardId: randomUUID(),
      programId: randomUUID(),
      storeId: randomUUID(),
      kind: 'visit',
      posTransactionId: `pos-${transactionId}`,
      recordedAt: now,
    },
  };
}
