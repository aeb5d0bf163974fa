import pg from 'pg';

/**
 * The rows of one query, `batchSize` at a time, through a server-side cursor in a read-only
 * REPEATABLE READ transaction: one consistent snapshot, and never more than a batch in memory.
 * The caller pulls batches; when it stops (or fails) the transaction ends and the connection closes.
 */
export async function* cursorRows<R>(databaseUrl: string, sql: string, params: readonly unknown[], batchSize: number): AsyncGenerator<R[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
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
