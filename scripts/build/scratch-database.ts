import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POSTGRES_URL, ensurePostgres } from '@loyalty/local-stack';
import { adminQuery, withDatabase } from '@loyalty/testing';
import { migrateDatabase } from '../local/database.js';

/**
 * A migrated, empty database for the length of `use`, then dropped: on the Postgres at
 * DATABASE_URL_ADMIN (default 127.0.0.1:5432), or an embedded one when none answers there.
 */
export async function withScratchDatabase<T>(use: (databaseUrl: string) => Promise<T>): Promise<T> {
  const dataDir = await mkdtemp(join(tmpdir(), 'loyalty-build-'));
  const postgres = await ensurePostgres({ url: process.env.DATABASE_URL_ADMIN ?? DEFAULT_POSTGRES_URL, dataDir });
  const name = `loyalty_build_${process.pid}`;
  try {
    await adminQuery(postgres.url, `drop database if exists "${name}" with (force)`);
    await adminQuery(postgres.url, `create database "${name}"`);
    const databaseUrl = withDatabase(postgres.url, name);
    await migrateDatabase(databaseUrl);
    return await use(databaseUrl);
  } finally {
    await adminQuery(postgres.url, `drop database if exists "${name}" with (force)`);
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
