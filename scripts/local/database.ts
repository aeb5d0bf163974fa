import { migrate, openDatabase } from '@loyalty/db';
import { adminQuery, withDatabase } from '@loyalty/testing';

/** Creates `name` on the server at `serverUrl` unless it exists; returns its URL. */
export async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  const existing = await adminQuery(serverUrl, `select 1 from pg_database where datname = '${name}'`);
  if (existing.rowCount === 0) {
    try {
      await adminQuery(serverUrl, `create database "${name}"`);
    } catch (error) {
      // Another start created it between our check and our create.
      if ((error as { code?: unknown }).code !== '42P04') throw error;
    }
  }
  return withDatabase(serverUrl, name);
}

/**
 * Both APIs migrate on start too; migrating once here first means the processors never see a
 * half-built schema and the two APIs never race each other to apply the same migration.
 */
export async function migrateDatabase(databaseUrl: string): Promise<string[]> {
  const orm = await openDatabase({ databaseUrl, poolMax: 1 });
  try {
    return await migrate(orm);
  } finally {
    await orm.close();
  }
}
