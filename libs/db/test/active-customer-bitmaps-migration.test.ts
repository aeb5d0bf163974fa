import { randomUUID } from 'node:crypto';
import { adminQuery, withDatabase } from '@loyalty/testing';
import { summaryOf } from '../src/analytics-reads.js';
import { openDatabase, type MikroORM } from '../src/index.js';

// A database that counted active customers before the bitmaps existed must answer the same figures after the migration.
const name = `loyalty_test_${process.pid}_bitmaps_${randomUUID().slice(0, 8)}`;
let orm: MikroORM;

beforeAll(async () => {
  await adminQuery(process.env.TEST_PG_ADMIN_URL!, `create database "${name}"`);
  orm = await openDatabase({ databaseUrl: withDatabase(process.env.TEST_PG_ADMIN_URL!, name), poolMax: 2 });
  await orm.migrator.up({ to: 'Migration20261212000000_campaigns' });
});
afterAll(async () => {
  await orm.close();
  await adminQuery(process.env.TEST_PG_ADMIN_URL!, `drop database if exists "${name}" with (force)`);
});

test('the migration numbers the customers already counted and backfills their bitmaps', async () => {
  const em = orm.em.fork();
  const business = randomUUID();
  const other = randomUUID();
  const program = randomUUID();
  const store = randomUUID();
  const customers = Array.from({ length: 5 }, () => randomUUID());
  // Customer i is active on days 1..i+1 at the store; the other business has one of them too.
  for (const [index, customer] of customers.entries()) {
    for (let day = 1; day <= index + 1; day += 1) {
      await em.execute('insert into analytics.daily_customers (business_id, day, store_id, program_id, customer_id) values (?, ?, ?, ?, ?)', [
        business,
        `2026-06-0${day}`,
        store,
        program,
        customer,
      ]);
    }
  }
  await em.execute('insert into analytics.daily_customers (business_id, day, store_id, program_id, customer_id) values (?, ?, ?, ?, ?)', [
    other,
    '2026-06-03',
    store,
    program,
    customers[0],
  ]);

  await orm.migrator.up();

  const figures = async (businessId: string, from: string, to: string) => {
    const summary = await summaryOf(orm.em.fork(), { businessId, from, to, storeId: store });
    return [summary.totals.activeCustomers, ...summary.byDay.map((day) => day.activeCustomers)];
  };
  expect(await figures(business, '2026-06-01', '2026-06-06')).toEqual([5, 5, 4, 3, 2, 1, 0]);
  expect(await figures(business, '2026-06-04', '2026-06-05')).toEqual([2, 2, 1]);
  expect(await figures(other, '2026-06-01', '2026-06-03')).toEqual([1, 0, 0, 1]);
  const counters = await orm.em
    .fork()
    .execute<{ business_id: string; next_ordinal: number }[]>('select business_id, next_ordinal from analytics.ordinal_counters order by next_ordinal');
  expect(counters).toEqual([
    { business_id: other, next_ordinal: 1 },
    { business_id: business, next_ordinal: 5 },
  ]);
});
