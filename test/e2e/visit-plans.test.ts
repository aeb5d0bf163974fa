import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedScale } from '../../scripts/bench/scale-seed.js';
import { explainQueries, recordVisit, seededCounter, visitPath, type QueryPlan } from '../../scripts/bench/visit-plans.js';
import { startSystem, type System } from '../support/system.js';

/**
 * `npm run bench:plans` in small: a few thousand cards are too few for the planner to prefer an index
 * over reading a table, so this asks whether it CAN avoid reading one. With enable_seqscan off a Seq
 * Scan costs more than any alternative, so one that remains, or an index scan with no condition (the
 * planner's other way to read everything), means no index serves the query: at 10 million entries it
 * would read them all.
 */
let system: System;
let plans: QueryPlan[];
let genericPlans: QueryPlan[];

beforeAll(async () => {
  system = await startSystem();
  await seedScale(system.db.url, { cards: 5_000, ledgerEntries: 200_000, businesses: 5 });
  const counter = await seededCounter(system);
  for (let i = 0; i < 2; i++) await recordVisit(system, counter);
  const path = await visitPath(system, counter);
  plans = await explainQueries(system.db.url, path, { seqScanOff: true });
  genericPlans = await explainQueries(system.db.url, path, { seqScanOff: true, genericPlans: true });
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

describe('the visit path at scale', () => {
  it('covers the counter, the processor and what a settled transaction costs analytics: card lookup, record, apply, void, count', () => {
    // Tolerant of quoting: MikroORM quotes names, hand-written SQL does not.
    const sent = (component: string, verb: string, table: string) =>
      plans.some((plan) => plan.query.component === component && new RegExp(`${verb}[^;]*"?${table.replace('.', '"?\\."?')}\\b`, 'i').test(plan.query.sql));
    expect(sent('admin', 'select', 'loyalty.cards')).toBe(true);
    expect(sent('admin', 'insert into', 'loyalty.transactions')).toBe(true);
    expect(sent('admin', 'insert into', 'messaging.outbox')).toBe(true);
    expect(sent('processor', 'select', 'loyalty.lots')).toBe(true);
    expect(sent('processor', 'insert into', 'loyalty.ledger_entries')).toBe(true);
    expect(sent('processor', 'update', 'loyalty.cards')).toBe(true);
    expect(plans.some((plan) => plan.query.component === 'processor' && /lots"?\s+.*where.*transaction_id/is.test(plan.query.sql))).toBe(true);
    expect(sent('analytics', 'select', 'loyalty.rewards')).toBe(true);
  });

  it.each([
    ['its values', () => plans],
    ['no values (a prepared statement’s generic plan)', () => genericPlans],
  ])('has an index for every statement planned for %s: nothing reads a whole table when the planner is told to avoid Seq Scans', (_, planned) => {
    const scans = planned().flatMap((plan) => plan.fullScans.map((scan) => `${plan.query.component} ${plan.query.caller}: ${scan.node}\n${plan.query.sql}`));
    expect(scans).toEqual([]);
  });
});
