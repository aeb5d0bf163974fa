import pg from 'pg';
import { adminQuery, createTestDatabase } from '../src/index.js';

test('drop() removes the database, and fails naming any session the teardown left open instead of cutting it silently', async () => {
  const db = await createTestDatabase();
  const forgotten = new pg.Client({ connectionString: db.url, application_name: 'forgotten-listener' });
  forgotten.on('error', () => undefined);
  await forgotten.connect();

  await expect(db.drop()).rejects.toThrow(/left 1 session\(s\) open .*forgotten-listener/);
  await expect(forgotten.query('select 1')).rejects.toThrow();
  const name = new URL(db.url).pathname.slice(1);
  expect((await adminQuery(process.env.TEST_PG_ADMIN_URL!, `select 1 from pg_database where datname = '${name}'`)).rowCount).toBe(0);
  const clean = await createTestDatabase();
  await expect(clean.drop()).resolves.toBeUndefined();
});
