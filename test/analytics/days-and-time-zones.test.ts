import { openDatabase, type MikroORM } from '@loyalty/db';
import { createLogger } from '@loyalty/platform';
import { createTestDatabase, type TestDatabase } from '@loyalty/testing';
import { analyticsHandler } from '../../services/analytics/src/entry-points/analytics-handler.js';
import { NO_STORE } from '../../services/analytics/src/domain/metrics.js';
import { batchOf, createTenant, eventsOf, run } from './workload.js';

let db: TestDatabase;
let orm: MikroORM;
const logger = createLogger('analytics-test', 'silent');

beforeAll(async () => {
  db = await createTestDatabase();
  orm = await openDatabase({ databaseUrl: db.url, poolMax: 4 });
});
afterAll(async () => {
  await orm.close();
  await db.drop();
});

const cells = (businessId: string) =>
  orm.em
    .fork()
    .execute<{ day: string; store_id: string; visits: number; new_cards: number }[]>(
      'select day::text, store_id, sum(visits)::int as visits, sum(new_cards)::int as new_cards from analytics.daily_metrics where business_id = ? group by day, store_id order by day, store_id',
      [businessId],
    );

test("a visit counts on its store's local day, however late and however often its event arrives", async () => {
  const start = new Date('2026-03-06T11:30:00Z'); // 01:30 next day at Kiritimati (UTC+14), 03:30 the same day in Los Angeles
  const tenant = await createTenant(orm, 1, start);
  const [kiritimati, losAngeles] = tenant.storeIds;
  await run(orm, tenant, [], { op: 'visit', card: 0, store: 0, amount: 0, minute: 0 }, start);
  await run(orm, tenant, [], { op: 'visit', card: 0, store: 1, amount: 0, minute: 0 }, start);
  const events = await eventsOf(orm, tenant.businessId);
  const handler = analyticsHandler(orm, logger);
  // Delivered newest first, then all of them again.
  await handler(batchOf([...events].reverse()));
  await handler(batchOf(events));

  expect(await cells(tenant.businessId)).toEqual([
    { day: '2026-03-06', store_id: losAngeles, visits: 1, new_cards: 0 },
    // The two cards (one per program) have no store: they count in the business's first store's zone (Kiritimati).
    { day: '2026-03-07', store_id: NO_STORE, visits: 0, new_cards: 2 },
    { day: '2026-03-07', store_id: kiritimati, visits: 1, new_cards: 0 },
  ]);
  const [active] = await orm.em
    .fork()
    .execute<{ n: string }[]>('select count(*) as n from analytics.daily_customers where business_id = ?', [tenant.businessId]);
  expect(Number(active?.n)).toBe(2);
});

test('an event that does not parse fails alone; the rest of the batch is counted', async () => {
  const start = new Date('2026-05-01T12:00:00Z');
  const tenant = await createTenant(orm, 1, start);
  await run(orm, tenant, [], { op: 'visit', card: 0, store: 1, amount: 0, minute: 0 }, start);
  const [broken, ...good] = [{ ...(await eventsOf(orm, tenant.businessId))[0]!, body: '{"not":"an event"}' }, ...(await eventsOf(orm, tenant.businessId))];
  const response = await analyticsHandler(orm, logger)(batchOf([broken, ...good]));
  expect(response.batchItemFailures).toEqual([{ itemIdentifier: broken.messageId }]);
  expect((await cells(tenant.businessId)).reduce((sum, cell) => sum + cell.visits, 0)).toBe(1);
});
