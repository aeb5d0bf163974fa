import { randomUUID } from 'node:crypto';
import { openDatabase, type MikroORM } from '@loyalty/db';
import { summaryOf } from '@loyalty/db/analytics';
import { createTestDatabase, type TestDatabase } from '@loyalty/testing';
import { addActiveCustomer } from '../../services/analytics/src/data-access/aggregates.js';

let db: TestDatabase;
let orm: MikroORM;

beforeAll(async () => {
  db = await createTestDatabase();
  orm = await openDatabase({ databaseUrl: db.url, poolMax: 10 });
});
afterAll(async () => {
  await orm.close();
  await db.drop();
});

test('customers first seen in many transactions at once get one number each, and the figures stay exact', async () => {
  const businessId = randomUUID();
  const programId = randomUUID();
  const stores = [randomUUID(), randomUUID()];
  const customers = Array.from({ length: 12 }, () => randomUUID());
  // Each customer comes to both stores on two days, every visit in its own transaction, all at once.
  const visits = customers.flatMap((customerId) =>
    stores.flatMap((storeId) => ['2026-04-01T10:00:00Z', '2026-04-02T10:00:00Z'].map((at) => ({ customerId, storeId, at: new Date(at) }))),
  );
  await Promise.all(
    visits.map(({ customerId, storeId, at }) =>
      orm.em.fork().transactional((em) => addActiveCustomer(em, { businessId, at, timeZone: 'UTC', storeId, programId }, customerId)),
    ),
  );

  const em = orm.em.fork();
  const ordinals = await em.execute<{ customer_id: string; ordinal: number }[]>(
    'select customer_id, ordinal from analytics.customer_ordinals where business_id = ?',
    [businessId],
  );
  expect(ordinals.map((row) => row.customer_id).sort()).toEqual([...customers].sort());
  expect(new Set(ordinals.map((row) => row.ordinal)).size).toBe(customers.length);

  const filter = { businessId, from: '2026-04-01', to: '2026-04-03' };
  const expected = (perDay: number) => ({
    activeCustomers: customers.length,
    byDay: [
      ['2026-04-01', perDay],
      ['2026-04-02', perDay],
      ['2026-04-03', 0],
    ],
  });
  const figures = async (extra: { storeId?: string; programId?: string }) => {
    const summary = await summaryOf(orm.em.fork(), { ...filter, ...extra });
    return { activeCustomers: summary.totals.activeCustomers, byDay: summary.byDay.map((day) => [day.day, day.activeCustomers]) };
  };
  for (const grain of [{}, { storeId: stores[0]! }, { programId }, { storeId: stores[1]!, programId }]) {
    expect(await figures(grain)).toEqual(expected(customers.length));
  }
  expect(await figures({ storeId: randomUUID() })).toEqual({ ...expected(0), activeCustomers: 0 });
});
