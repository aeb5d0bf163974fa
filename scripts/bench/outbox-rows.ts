import { randomUUID } from 'node:crypto';
import { eventCatalog } from '@loyalty/contracts';
import { uuidv7 } from '@loyalty/outbox';
import type { Pool } from 'pg';

const definition = eventCatalog['transaction.recorded'];

/**
 * Inserts `count` due `transaction.recorded` rows the way writeEvent would (same columns, a payload the
 * catalog's schema accepts, correlation headers), but in a few multi-row statements instead of one
 * transaction per event: the bench measures the relay, not the writers.
 */
export async function insertRecordedRows(pool: Pool, count: number, chunkSize = 1_000): Promise<void> {
  const businessId = randomUUID();
  const programId = randomUUID();
  const storeId = randomUUID();
  for (let start = 0; start < count; start += chunkSize) {
    const ids: string[] = [];
    const aggregateIds: string[] = [];
    const payloads: string[] = [];
    const headers: string[] = [];
    const createdAt: string[] = [];
    for (let i = start; i < Math.min(count, start + chunkSize); i++) {
      const id = uuidv7();
      const transactionId = randomUUID();
      const occurredAt = new Date().toISOString();
      const payload = definition.payload.parse({
        transactionId,
        cardId: randomUUID(),
        programId,
        storeId,
        kind: 'visit',
        posTransactionId: `bench-${i}`,
        recordedAt: occurredAt,
      });
      ids.push(id);
      aggregateIds.push(transactionId);
      payloads.push(JSON.stringify(payload));
      headers.push(JSON.stringify({ correlationId: id, causationId: null }));
      createdAt.push(occurredAt);
    }
    await pool.query(
      `insert into messaging.outbox (id, aggregate_type, aggregate_id, event_type, event_version, topic, business_id, payload, headers, created_at)
       select t.id, $2, t.aggregate_id, $3, $4, $5, $6, t.payload, t.headers, t.created_at
         from unnest($1::uuid[], $7::text[], $8::jsonb[], $9::jsonb[], $10::timestamptz[]) as t(id, aggregate_id, payload, headers, created_at)`,
      [ids, definition.aggregate, 'transaction.recorded', definition.version, definition.topic, businessId, aggregateIds, payloads, headers, createdAt],
    );
  }
}

export async function countUnpublished(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ count: string }>('select count(*) from messaging.outbox where published_at is null');
  return Number(rows[0]?.count ?? 0);
}
