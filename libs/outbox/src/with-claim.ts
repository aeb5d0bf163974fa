import type { Pool, PoolClient } from 'pg';
import { beginClaim } from './claim-due-rows.js';
import type { OutboxRow } from './outbox-row.js';

// pg-pool stops listening to a client's 'error' while it is checked out, and the relay holds one across
// an SNS round trip with no query in flight: if Postgres ends the session then (a failover, a forced
// drop), pg emits 'error' with no listener and the process dies. The next query on it rejects anyway.
const ignoreConnectionLoss = () => undefined;

/**
 * Claims up to `limit` due rows on a pooled connection and runs `work` on them inside the claim's
 * transaction. `begin` travels with the claim (beginClaim) and work may send `commit` with its last
 * statement (commitOutcomes); whatever it leaves open is committed here, and any error rolls it back.
 */
export async function withClaim<T>(pool: Pool, limit: number, work: (client: PoolClient, rows: OutboxRow[]) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  client.on('error', ignoreConnectionLoss);
  try {
    const result = await work(client, await beginClaim(client, limit));
    const status = client.getTransactionStatus();
    // 'E': a statement failed and work carried on; `commit` would roll back without an error.
    if (status === 'E') throw new Error('the claim transaction failed; rolled back');
    if (status === 'T') await client.query('commit');
    client.off('error', ignoreConnectionLoss);
    client.release();
    return result;
  } catch (error) {
    // A connection that cannot even roll back is broken: pass the error to release so the pool drops it.
    const rollbackError = await client.query('rollback').then(
      () => undefined,
      (failure: unknown) => (failure instanceof Error ? failure : new Error(String(failure))),
    );
    client.off('error', ignoreConnectionLoss);
    client.release(rollbackError);
    throw error;
  }
}
