import pg from 'pg';
import { sessionSettings } from '@loyalty/db/session-limits';

// The snapshot stays open, idle, while a batch is written and uploaded: far longer than a request may idle.
const exportSession = sessionSettings({ lockTimeoutMs: 5_000, idleInTransactionMs: 300_000 });

/**
 * The rows of one query, `batchSize` at a time, through a server-side cursor in a read-only
 * REPEATABLE READ transaction: one consistent snapshot, and never more than a batch in memory.
 * The caller pulls batches; when it stops (or fails) the transaction ends and the connection closes.
 */
export async function* cursorRows<R>(databaseUrl: string, sql: string, params: readonly unknown[], batchSize: number): AsyncGenerator<R[]> {
  const client = new pg.Client({ connectionString: databaseUrl, ...exportSession });
  await client.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    await client.query(`declare export_rows no scroll cursor for ${sql}`, [...params]);
    while (true) {
      const { rows } = await client.query<R & pg.QueryResultRow>(`fetch ${batchSize} from export_rows`);
      if (rows.length === 0) break;
      yield rows;
      if (rows.length < batchSize) break;
    }
    await client.query('commit');
  } finally {
    await client.end();
  }
}
