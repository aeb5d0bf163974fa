import fc from 'fast-check';
import type { SQSRecord } from 'aws-lambda';
import { openDatabase, type MikroORM } from '@loyalty/db';
import { summaryOf } from '@loyalty/db/analytics';
import { createLogger } from '@loyalty/platform';
import { createTestDatabase, type TestDatabase } from '@loyalty/testing';
import { analyticsHandler } from '../../services/analytics/src/entry-points/analytics-handler.js';
import { rebuildAggregates } from '../../services/analytics/src/use-cases/rebuild-aggregates.js';
import { batchOf, createTenant, eventsOf, run, type Command, type Tenant } from './workload.js';

let db: TestDatabase;
let orm: MikroORM;
const logger = createLogger('analytics-test', 'silent');
const start = new Date('2026-03-06T09:00:00Z'); // the workload crosses the US switch to summer time (8 March)

beforeAll(async () => {
  db = await createTestDatabase();
  orm = await openDatabase({ databaseUrl: db.url, poolMax: 10 });
});
afterAll(async () => {
  await orm.close();
  await db.drop();
});

const minute = fc.integer({ min: 0, max: 6 * 24 * 60 });
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    op: fc.constantFrom('visit', 'purchase', 'redeem', 'bonus', 'adjust'),
    card: fc.nat(7),
    store: fc.constantFrom(0 as const, 1 as const, null),
    amount: fc.integer({ min: 0, max: 9000 }),
    minute,
  }),
  fc.record({ op: fc.constantFrom('void', 'refund'), target: fc.nat(40), amount: fc.integer({ min: 1, max: 9000 }), minute }),
  fc.record({ op: fc.constant('expire' as const), minute }),
);

// Cards alternate stamp, points: a full stamp card and its redemption, a purchase, a catalog redemption, a
// refund and an expiry run after the points' two days, so every run exercises every metric; the random
// part comes after minute 10, leaving these history indices as written.
const everyMetric: Command[] = [
  { op: 'visit', card: 0, store: 0, amount: 0, minute: 0 },
  { op: 'visit', card: 0, store: 1, amount: 0, minute: 1 },
  { op: 'visit', card: 0, store: 0, amount: 0, minute: 2 },
  { op: 'redeem', card: 0, store: 1, amount: 0, minute: 3 },
  { op: 'purchase', card: 1, store: 0, amount: 4000, minute: 4 },
  { op: 'redeem', card: 1, store: 0, amount: 0, minute: 5 },
  { op: 'refund', target: 4, amount: 1000, minute: 6 },
  { op: 'expire', minute: 3 * 24 * 60 },
];

interface Snapshot {
  metrics: Record<string, unknown>[];
  customers: Record<string, unknown>[];
  active: Record<string, unknown>[];
}

async function snapshot(businessId: string): Promise<Snapshot> {
  const em = orm.em.fork();
  const metrics = await em.execute<Record<string, unknown>[]>(
    `select day::text, store_id, program_id, visits, purchases, purchase_amount::int, stamps_issued::int, points_earned::int, points_redeemed::int,
            points_expired::int, points_reversed::int, rewards_unlocked, rewards_redeemed, new_cards
       from analytics.daily_metrics where business_id = ? order by day, store_id, program_id`,
    [businessId],
  );
  const customers = await em.execute<Record<string, unknown>[]>(
    'select day::text, store_id, program_id, customer_id from analytics.daily_customers where business_id = ? order by 1, 2, 3, 4',
    [businessId],
  );
  const active = await em.execute<Record<string, unknown>[]>(
    `select day::text, store_id, program_id, chunk, array(select i from generate_series(0, length(members) - 1) i where get_bit(members, i) = 1) as bits
       from analytics.daily_active where business_id = ? order by 1, 2, 3, 4`,
    [businessId],
  );
  return { metrics, customers, active };
}

/**
 * The active-customer figures of the summary (from the bitmaps) for every grain it can be asked for,
 * next to the distinct counts of the customer sets they stand for, over the days the sets span.
 */
async function activeCustomersBothWays(tenant: Tenant): Promise<{ fromBitmaps: unknown[]; fromSets: unknown[] }> {
  const em = orm.em.fork();
  const [span] = await em.execute<{ from: string | null; to: string | null }[]>(
    'select min(day)::text as "from", max(day)::text as "to" from analytics.daily_customers where business_id = ?',
    [tenant.businessId],
  );
  if (!span?.from || !span.to) return { fromBitmaps: [], fromSets: [] };
  const grains = [
    {},
    { storeId: tenant.storeIds[0] },
    { programId: tenant.stampProgramId },
    { storeId: tenant.storeIds[1], programId: tenant.pointsProgramId },
  ];
  const fromBitmaps: unknown[] = [];
  const fromSets: unknown[] = [];
  for (const grain of grains) {
    const summary = await summaryOf(em, { businessId: tenant.businessId, from: span.from, to: span.to, ...grain });
    fromBitmaps.push({
      grain,
      total: summary.totals.activeCustomers,
      byDay: summary.byDay.filter((day) => day.activeCustomers > 0).map((day) => [day.day, day.activeCustomers]),
    });
    const where = 'business_id = ? and (?::uuid is null or store_id = ?::uuid) and (?::uuid is null or program_id = ?::uuid)';
    const params = [tenant.businessId, grain.storeId ?? null, grain.storeId ?? null, grain.programId ?? null, grain.programId ?? null];
    const [total] = await em.execute<{ n: number }[]>(`select count(distinct customer_id)::int as n from analytics.daily_customers where ${where}`, params);
    const byDay = await em.execute<{ day: string; n: number }[]>(
      `select day::text, count(distinct customer_id)::int as n from analytics.daily_customers where ${where} group by day order by day`,
      params,
    );
    fromSets.push({ grain, total: total?.n, byDay: byDay.map((row) => [row.day, row.n]) });
  }
  return { fromBitmaps, fromSets };
}

/** Delivers records in the given order and batch sizes, each batch as one Lambda invocation; no record may fail. */
async function deliver(records: SQSRecord[], batchSize: number): Promise<void> {
  const handler = analyticsHandler(orm, logger);
  for (let index = 0; index < records.length; index += batchSize) {
    const response = await handler(batchOf(records.slice(index, index + batchSize)));
    expect(response.batchItemFailures).toEqual([]);
  }
}

const metricColumns = [
  'visits',
  'purchases',
  'purchase_amount',
  'stamps_issued',
  'points_earned',
  'points_redeemed',
  'points_expired',
  'points_reversed',
  'rewards_unlocked',
  'rewards_redeemed',
  'new_cards',
];
const seenAcrossRuns = new Map(metricColumns.map((column) => [column, 0]));

const shuffled = <T>(items: readonly T[], keys: readonly number[]): T[] =>
  items
    .map((item, index) => ({ item, key: keys[index % keys.length]! * 1_000 + index }))
    .sort((a, b) => a.key - b.key)
    .map(({ item }) => item);

test('the incremental aggregates equal a rebuild from the source tables, whatever the order, duplicates and rebuilds mid-stream', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(command, { minLength: 10, maxLength: 40 }).map((random) => [...everyMetric, ...random.map((step) => ({ ...step, minute: step.minute + 10 }))]),
      fc.nat(40),
      fc.array(fc.nat(1000), { minLength: 1, maxLength: 60 }),
      fc.array(fc.boolean(), { minLength: 1, maxLength: 60 }),
      fc.integer({ min: 1, max: 10 }),
      async (commands, splitAt, orderKeys, deliverEarly, batchSize) => {
        const tenant = await createTenant(orm, 4, start);
        const timed = [...commands].sort((a, b) => a.minute - b.minute);
        const history: string[] = [];
        const split = Math.min(splitAt, timed.length);
        for (const step of timed.slice(0, split)) {
          const id = await run(orm, tenant, history, step, start);
          if (id) history.push(id);
        }
        // Some events arrive before a rebuild, which then runs with the rest still queued.
        const early = (await eventsOf(orm, tenant.businessId)).filter((_record, index) => deliverEarly[index % deliverEarly.length]);
        await deliver(shuffled(early, orderKeys), batchSize);
        await rebuildAggregates(orm.em.fork(), [tenant.businessId]);
        for (const step of timed.slice(split)) {
          const id = await run(orm, tenant, history, step, start);
          if (id) history.push(id);
        }
        // Everything arrives late and out of order, the early ones a second time.
        const all = await eventsOf(orm, tenant.businessId);
        await deliver(shuffled([...all, ...early], [...orderKeys].reverse()), batchSize);

        const incremental = await snapshot(tenant.businessId);
        await rebuildAggregates(orm.em.fork(), [tenant.businessId]);
        const rebuilt = await snapshot(tenant.businessId);
        expect(incremental).toEqual(rebuilt);
        const active = await activeCustomersBothWays(tenant);
        expect(active.fromBitmaps).toEqual(active.fromSets);
        expect(rebuilt.metrics.reduce((sum, row) => sum + Number(row.new_cards), 0)).toBe(tenant.cards.length);
        for (const row of rebuilt.metrics) for (const column of metricColumns) seenAcrossRuns.set(column, seenAcrossRuns.get(column)! + Number(row[column]));
      },
    ),
    { numRuns: 25 },
  );
  // The workloads must have exercised every metric, or the agreement proves little.
  expect([...seenAcrossRuns].filter(([, total]) => total === 0).map(([column]) => column)).toEqual([]);
}, 300_000);

test('without any rebuild, counting every event once agrees with the rebuild too', async () => {
  const tenant = await createTenant(orm, 3, start);
  const history: string[] = [];
  const steps: Command[] = [
    { op: 'visit', card: 0, store: 0, amount: 0, minute: 10 },
    { op: 'visit', card: 0, store: 1, amount: 0, minute: 20 },
    { op: 'visit', card: 0, store: 1, amount: 0, minute: 30 },
    { op: 'purchase', card: 1, store: 0, amount: 2500, minute: 40 },
    { op: 'redeem', card: 1, store: 1, amount: 0, minute: 50 },
    { op: 'redeem', card: 0, store: 0, amount: 0, minute: 60 },
    { op: 'void', target: 3, amount: 0, minute: 70 },
    { op: 'expire', minute: 4 * 24 * 60 },
  ];
  for (const step of steps) {
    const id = await run(orm, tenant, history, step, start);
    if (id) history.push(id);
  }
  const all = await eventsOf(orm, tenant.businessId);
  await deliver([...all].reverse(), 3);
  const incremental = await snapshot(tenant.businessId);
  const total = (column: string) => incremental.metrics.reduce((sum, row) => sum + Number(row[column]), 0);
  expect({
    visits: total('visits'),
    stamps: total('stamps_issued'),
    unlocked: total('rewards_unlocked'),
    redeemed: total('rewards_redeemed'),
    purchases: total('purchases'),
    amount: total('purchase_amount'),
    earned: total('points_earned'),
    pointsRedeemed: total('points_redeemed'),
    reversed: total('points_reversed'),
    expired: total('points_expired'),
  }).toEqual({ visits: 3, stamps: 3, unlocked: 1, redeemed: 2, purchases: 1, amount: 2500, earned: 25, pointsRedeemed: 10, reversed: 15, expired: 0 });
  await rebuildAggregates(orm.em.fork(), [tenant.businessId]);
  expect(await snapshot(tenant.businessId)).toEqual(incremental);
});
