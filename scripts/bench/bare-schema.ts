import pg from 'pg';

/** The scratch schema of the bare baseline (bare-server.ts). */
export const BARE_SCHEMA = 'bench_bare';

/** Copies the two tables' columns, defaults, checks and indexes (not their foreign keys or triggers). */
export async function prepareBareSchema(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${BARE_SCHEMA} cascade`);
    await client.query(`create schema ${BARE_SCHEMA}`);
    await client.query(`create table ${BARE_SCHEMA}.transactions (like loyalty.transactions including defaults including constraints including indexes)`);
    await client.query(`create table ${BARE_SCHEMA}.outbox (like messaging.outbox including defaults including constraints including indexes)`);
  } finally {
    await client.end();
  }
}
