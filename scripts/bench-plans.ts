import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { startSystem } from '../test/support/system.js';
import { startTestEnvironment } from '../test/test-environment.js';
import { describePostgres } from './bench/postgres.js';
import { seedScale } from './bench/scale-seed.js';
import { explainQueries, largeFullScans, largeTableRows, plansTable, recordVisit, seededCounter, visitPath } from './bench/visit-plans.js';

/**
 * `npm run bench:plans`: a fresh migrated database filled to scale (100,000 cards and 10 million ledger
 * entries unless told less), one visit through the whole system with its SQL captured, and EXPLAIN
 * ANALYZE of every statement of that visit. Exits non-zero when one of them reads a whole large table.
 */
const { values: flags } = parseArgs({
  options: {
    cards: { type: 'string', default: process.env.BENCH_PLAN_CARDS ?? '100000' },
    'ledger-entries': { type: 'string', default: process.env.BENCH_PLAN_LEDGER_ENTRIES ?? '10000000' },
    businesses: { type: 'string', default: process.env.BENCH_PLAN_BUSINESSES ?? '20' },
    verbose: { type: 'boolean', default: false },
  },
});
const settings = { cards: Number(flags.cards), ledgerEntries: Number(flags['ledger-entries']), businesses: Number(flags.businesses) };
const began = performance.now();
const log = (line: string) => process.stderr.write(`[bench:plans +${((performance.now() - began) / 1000).toFixed(1)}s] ${line}\n`);

log(`settings ${JSON.stringify(settings)}, ${availableParallelism()} cores, Node ${process.version}`);
const teardown = await startTestEnvironment();
let failures = 0;
try {
  const system = await startSystem();
  try {
    const seeded = await seedScale(system.db.url, { ...settings, log });
    log(`seeded ${seeded.cards} cards and ${seeded.ledgerEntries} ledger entries in ${seeded.seconds.toFixed(1)} s`);
    const counter = await seededCounter(system);
    // Warm-up: the first visit also fills caches (principal, program) that a steady counter does not touch.
    for (let i = 0; i < 3; i++) await recordVisit(system, counter);
    const queries = await visitPath(system, counter);
    const plans = await explainQueries(system.db.url, queries);
    const offenders = largeFullScans(plans);
    failures = offenders.length;
    const output = [
      `Visit path at ${seeded.cards} cards and ${seeded.ledgerEntries} ledger entries (${settings.businesses} businesses, seeded in ${seeded.seconds.toFixed(1)} s), on the longest-lived card of one of them:`,
      plansTable(plans),
      '',
      offenders.length === 0
        ? `No full scan (Seq Scan, or an index scan without a condition) of a table of ${largeTableRows} rows or more.`
        : offenders
            .map(
              ({ plan, scan }) =>
                `FULL SCAN ${scan.node} of ${scan.table} (${scan.tableRows} rows) in ${plan.query.component} ${plan.query.caller}:\n${plan.text}`,
            )
            .join('\n\n'),
      ...(flags.verbose ? plans.map((plan) => `\n-- ${plan.query.component} ${plan.query.caller}\n${plan.query.sql}\n${plan.text}`) : []),
      '',
      await describePostgres(),
    ];
    process.stdout.write(`${output.join('\n')}\n`);
  } finally {
    await system.stop();
  }
} finally {
  await teardown();
}
log('done');
if (failures > 0) {
  process.stderr.write(`bench:plans: ${failures} full scan(s) of large tables in the visit path\n`);
  process.exitCode = 1;
}
