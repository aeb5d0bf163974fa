import type { Pool, PoolClient } from 'pg';

// pg-pool stops listening to a client's 'error' while it is checked out, and the relay holds one across
// an SNS round trip with no query in flight: if Postgres ends the session then (a failover, a forced
// drop), pg emits 'error' with no listener and the process dies. The next query on it rejects anyway.
const ignoreConnectionLoss = () => undefined;

export async function withTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  client.on('error', ignoreConnectionLoss);
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
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
