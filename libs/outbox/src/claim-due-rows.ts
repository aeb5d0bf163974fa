import type { ClientBase, QueryResult } from 'pg';
import { outboxColumns, toOutboxRow, type OutboxRecord, type OutboxRow } from './outbox-row.js';

const dueRows = (limit: string) => `select ${outboxColumns}
       from messaging.outbox
      where published_at is null and parked_at is null and next_attempt_at <= now()
      order by next_attempt_at
      limit ${limit}
        for update skip locked`;

/**
 * Locks up to `limit` due rows for the caller's open transaction. SKIP LOCKED makes concurrent relays
 * take disjoint rows instead of waiting for each other; the locks last until that transaction ends.
 */
export async function claimDueRows(client: ClientBase, limit: number): Promise<OutboxRow[]> {
  const { rows } = await client.query<OutboxRecord>(dueRows('$1'), [limit]);
  return rows.map(toOutboxRow);
}

/**
 * Opens a transaction and claims in it, as claimDueRows does, in one round trip: `begin` and the claim
 * go as one simple-protocol query, which takes no parameters, so the limit is written into it.
 */
export async function beginClaim(client: ClientBase, limit: number): Promise<OutboxRow[]> {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`claim limit must be a positive integer, not ${limit}`);
  const results = (await client.query(`begin; ${dueRows(String(limit))}`)) as unknown as QueryResult<OutboxRecord>[];
  return (results[1]?.rows ?? []).map(toOutboxRow);
}
