import pg from 'pg';

/** Which PostgreSQL the test environment used, and whether it syncs commits to disk. */
export async function describePostgres(): Promise<string> {
  const url = process.env.TEST_PG_ADMIN_URL;
  if (!url) return 'unknown';
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ version: string; fsync: string; sync: string; port: string }>(
      `select split_part(version(), ' ', 2) as version, current_setting('fsync') as fsync, current_setting('synchronous_commit') as sync, current_setting('port') as port`,
    );
    const row = rows[0];
    return row ? `PostgreSQL ${row.version} on port ${row.port} (fsync=${row.fsync}, synchronous_commit=${row.sync})` : 'unknown';
  } finally {
    await client.end();
  }
}
