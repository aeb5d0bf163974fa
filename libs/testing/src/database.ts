import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run tests through jest so test/global-setup.ts prepares the environment`);
  return value;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * A fresh, already-migrated database per test file, cloned from the template the global setup
 * migrated once: files never see each other's rows, and cloning takes a fraction of a migration.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = requiredEnv('TEST_PG_ADMIN_URL');
  const template = requiredEnv('TEST_PG_TEMPLATE');
  const name = `${template.replace(/_template$/, '')}_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `create database "${name}" template "${template}"`);
  return {
    url: withDatabase(adminUrl, name),
    drop: async () => {
      const open = await sessionsLeft(adminUrl, name);
      await adminQuery(adminUrl, `drop database if exists "${name}" with (force)`);
      if (open.length > 0) throw new Error(`the teardown left ${open.length} session(s) open on ${name}, which the drop cut: ${open.join('; ')}`);
    },
  };
}

/**
 * Sessions still connected to the database, after giving closed ones a moment to leave (a backend goes
 * from pg_stat_activity a little after its client's end() resolves). Anything still there is a
 * connection a teardown did not close: `drop … with (force)` would cut it with 57P01, an 'error' event
 * that kills whichever test file runs next in the worker if that client has no listener.
 */
async function sessionsLeft(adminUrl: string, database: string): Promise<string[]> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const { rows } = await adminQuery(
      adminUrl,
      `select coalesce(nullif(application_name, ''), 'pid ' || pid) || ' (' || state || ': ' || left(query, 60) || ')' as session
         from pg_stat_activity where datname = '${database}' and pid <> pg_backend_pid()`,
    );
    if (rows.length === 0 || Date.now() > deadline) return rows.map((row: { session: string }) => row.session);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function adminQuery(adminUrl: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}
