import { writeFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { awsClients, destroyClients } from '@loyalty/topology';
import { startTestEnvironment } from '../test/test-environment.js';
import { benchRelayThroughput, type ThroughputRun } from './bench/relay-throughput.js';
import { mib, ms, perSecond, ratio } from './bench/stats.js';
import { formatTable } from './shared/table.js';
import { describePostgres } from './bench/postgres.js';
import { benchVisitLatency, type VisitLatencyResult } from './bench/visit-latency.js';
import { analyticsTable, benchAnalyticsSummary } from './bench/analytics-summary.js';
import { benchSystemProcesses, type SystemBenchResult } from './bench/system-bench.js';
import { benchSummary, systemTables } from './bench/system-tables.js';
import { type ScaleOptions, seedScale } from './bench/scale-seed.js';
import { startEmulatorsProcess, type EmulatorsProcess } from './bench/emulators-process.js';

/**
 * `npm run bench`: the outbox relay's throughput against raw SNS PublishBatch and the in-process latency
 * breakdown of a visit (one event loop runs everything: useful to see where a visit's time goes), then
 * the system as it really runs, every service its own process and the load from another: the write path
 * against a bare Koa + pg baseline, visits with `Prefer: wait` at a fixed arrival rate, the sustained
 * applied throughput and each process's memory. `--summary-json FILE` writes the figures of issue 10's
 * goals as one object. Everything it starts is stopped again, so it exits by itself.
 */
const { values: flags } = parseArgs({
  options: {
    'summary-json': { type: 'string' },
    cards: { type: 'string' },
    // The system section's database filled to scale first (100,000 cards and 10 million ledger entries with plain `--scale`).
    scale: { type: 'boolean', default: false },
    'scale-cards': { type: 'string' },
    'scale-ledger-entries': { type: 'string' },
    // relay, in-process, system, analytics (the last is also `npm run bench:analytics`).
    sections: { type: 'string', default: 'relay,in-process,system' },
  },
});
const sections = new Set((flags.sections ?? '').split(',').map((section) => section.trim()));
const seconds = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const settings = {
  relayEvents: Number(process.env.BENCH_RELAY_EVENTS ?? 20_000),
  relayRounds: Number(process.env.BENCH_RELAY_ROUNDS ?? 3),
  requests: Number(process.env.BENCH_REQUESTS ?? 500),
  warmup: Number(process.env.BENCH_WARMUP ?? 100),
  concurrency: Number(process.env.BENCH_CONCURRENCY ?? 8),
  analyticsCards: Number(process.env.BENCH_ANALYTICS_CARDS ?? 10_000),
  analyticsDays: Number(process.env.BENCH_ANALYTICS_DAYS ?? 90),
  analyticsRounds: Number(process.env.BENCH_ANALYTICS_ROUNDS ?? 5),
  system: {
    cards: Number(flags.cards ?? process.env.BENCH_CARDS ?? 64),
    writeConcurrency: Number(process.env.BENCH_WRITE_CONCURRENCY ?? 8),
    writeSeconds: seconds('BENCH_WRITE_SECONDS', 10),
    writeRounds: Number(process.env.BENCH_WRITE_ROUNDS ?? 2),
    openSeconds: seconds('BENCH_OPEN_SECONDS', 60),
    openSecondsAt200: seconds('BENCH_OPEN_SECONDS_200', 30),
    sweepRates: (process.env.BENCH_SWEEP_RATES ?? '10,25,50').split(',').filter(Boolean).map(Number),
    sweepSeconds: seconds('BENCH_SWEEP_SECONDS', 30),
    throughputConcurrency: Number(process.env.BENCH_THROUGHPUT_CONCURRENCY ?? 32),
    throughputSeconds: seconds('BENCH_THROUGHPUT_SECONDS', 20),
    warmupSeconds: seconds('BENCH_SYSTEM_WARMUP_SECONDS', 3),
    drainTimeoutSeconds: seconds('BENCH_DRAIN_TIMEOUT_SECONDS', 120),
  },
};
const scale =
  flags.scale || flags['scale-cards'] || flags['scale-ledger-entries']
    ? { cards: Number(flags['scale-cards'] ?? 100_000), ledgerEntries: Number(flags['scale-ledger-entries'] ?? 10_000_000), businesses: 20 }
    : undefined;
const root = fileURLToPath(new URL('..', import.meta.url));

const began = performance.now();
const log = (line: string) => process.stderr.write(`[bench +${((performance.now() - began) / 1000).toFixed(1)}s] ${line}\n`);

function relayTable(runs: ThroughputRun[]): string {
  const rows = runs.map((run) => {
    const baseline = runs.find((other) => other.kind === 'raw PublishBatch' && other.sink === run.sink && other.workers === run.workers);
    return [
      run.sink,
      run.kind,
      String(run.workers),
      run.events.toLocaleString('en-US'),
      `${(run.ms / 1000).toFixed(2)} s`,
      perSecond(run.perSecond),
      `${Math.round(Math.min(...run.rounds)).toLocaleString('en-US')}–${Math.round(Math.max(...run.rounds)).toLocaleString('en-US')}`,
      run.kind === 'relay' && baseline ? ratio(run.perSecond, baseline.perSecond) : '1.00x',
      // Each round's relay run right after its raw run: on a busy machine steadier than the medians' ratio.
      run.kind === 'relay' && baseline ? run.rounds.map((events, i) => (events / (baseline.rounds[i] ?? Number.NaN)).toFixed(2)).join(' ') : '-',
      run.delivered === undefined ? '-' : run.delivered.toLocaleString('en-US'),
    ];
  });
  return formatTable(
    `1. Outbox relay throughput, median of ${settings.relayRounds} rounds (relay = three lanes, each claiming 100 FOR UPDATE SKIP LOCKED and marking them published, sharing a window of 10 PublishBatch x 10 in flight; raw = the same requests straight to SNS, 10 in flight per worker)`,
    ['sink', 'publisher', 'workers', 'events', 'time', 'events/s', 'range (rounds)', 'vs raw', 'each round vs raw', 'in queue'],
    rows,
  );
}

function latencyTable(result: VisitLatencyResult): string {
  const rows = result.runs.map((run) => {
    const baseline = result.runs.find((other) => other.operation === 'get' && other.concurrency === run.concurrency);
    return [
      run.label,
      String(run.concurrency),
      String(run.summary.count),
      String(run.errors),
      ms(run.summary.p50),
      ms(run.summary.p95),
      ms(run.summary.p99),
      ms(run.summary.max),
      perSecond(run.summary.throughput),
      baseline ? ratio(run.summary.p50, baseline.summary.p50) : '-',
      `${Math.round(run.eventLoopBusy * 100)}%`,
      `${run.cpuMsPerOp.toFixed(1)} ms`,
    ];
  });
  return formatTable(
    '2. Visit latency through the loop (admin API → outbox → relay → SNS → SQS → loyalty processor → NOTIFY → answer) vs a plain GET',
    ['request', 'conc.', 'n', 'errors', 'p50', 'p95', 'p99', 'max', 'req/s', 'p50 vs GET', 'loop busy', 'CPU/req'],
    rows,
  );
}

function breakdownTable(result: VisitLatencyResult): string {
  const names = result.breakdowns[0]?.segments.map((segment) => segment.name) ?? [];
  const rows = names.map((name) => [
    name,
    ...result.breakdowns.flatMap((breakdown) => {
      const segment = breakdown.segments.find((candidate) => candidate.name === name);
      return [ms(segment?.p50 ?? Number.NaN), ms(segment?.p95 ?? Number.NaN)];
    }),
  ]);
  return formatTable(
    `   Where a visit's time goes (database timestamps; queue runner long-poll WaitTimeSeconds=${result.queueWaitTimeSeconds}, fauxqs answers a waiting poll as soon as a message lands)`,
    ['segment', ...result.breakdowns.flatMap((breakdown) => [`${breakdown.label} p50`, `${breakdown.label} p95`])],
    rows,
  );
}

function memoryTable(whileRunning: NodeJS.MemoryUsage): string {
  const atEnd = process.memoryUsage();
  const peakRss = process.resourceUsage().maxRSS * 1024;
  return formatTable(
    '3. Memory of this process, in-process run (services, emulators and load generator together; PostgreSQL is a separate process)',
    ['measure', 'system up, after the last run', 'at the end (system stopped)'],
    [
      ['RSS', mib(whileRunning.rss), mib(atEnd.rss)],
      ['RSS peak (maxRSS)', '', mib(peakRss)],
      ['heap used', mib(whileRunning.heapUsed), mib(atEnd.heapUsed)],
      ['heap total', mib(whileRunning.heapTotal), mib(atEnd.heapTotal)],
      ['external + array buffers', mib(whileRunning.external + whileRunning.arrayBuffers), mib(atEnd.external + atEnd.arrayBuffers)],
    ],
  );
}

async function seedToScale(databaseUrl: string, options: ScaleOptions): Promise<void> {
  const seeded = await seedScale(databaseUrl, { ...options, log });
  log(`seeded ${seeded.cards} cards and ${seeded.ledgerEntries} ledger entries in ${seeded.seconds.toFixed(1)} s`);
}

async function main(): Promise<void> {
  log(
    `machine: ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}; sections ${[...sections].join(', ')}; settings ${JSON.stringify(settings)}${scale ? `; scale ${JSON.stringify(scale)}` : ''}`,
  );
  log('starting the test environment (PostgreSQL, template database, AWS emulators)');
  let emulators: EmulatorsProcess | undefined;
  const teardown = await startTestEnvironment({
    startEmulators: async (dataDir) => {
      emulators = await startEmulatorsProcess(dataDir);
      return emulators;
    },
  });
  const output: string[] = [];
  let failedRequests = 0;
  let relayRuns: ThroughputRun[] | undefined;
  let system: SystemBenchResult | undefined;
  try {
    if (sections.has('relay')) {
      const clients = awsClients();
      try {
        relayRuns = await benchRelayThroughput({ sns: clients.sns, sqs: clients.sqs, events: settings.relayEvents, rounds: settings.relayRounds, log });
        output.push(relayTable(relayRuns));
      } finally {
        destroyClients(clients);
      }
    }
    if (sections.has('in-process')) {
      const latency = await benchVisitLatency({ requests: settings.requests, warmup: settings.warmup, concurrency: settings.concurrency, log });
      output.push(latencyTable(latency));
      failedRequests = latency.runs.reduce((sum, run) => sum + run.errors, 0);
      output.push(breakdownTable(latency));
      output.push(
        `\n   Sequential scans in the system's database after the runs:${latency.sequentialScans.map((line) => `\n   - ${line}`).join('') || ' none'}`,
      );
      for (const run of latency.runs) if (run.firstError) output.push(`   first error of "${run.label}" (concurrency ${run.concurrency}): ${run.firstError}`);
      output.push(memoryTable(latency.memoryWhileRunning));
    }
    if (sections.has('analytics')) {
      const analytics = await benchAnalyticsSummary({
        cards: settings.analyticsCards,
        days: settings.analyticsDays,
        requests: settings.requests,
        rounds: settings.analyticsRounds,
        log,
      });
      failedRequests += analytics.runs.reduce((sum, run) => sum + run.errors, 0);
      output.push(analyticsTable(analytics, { rounds: settings.analyticsRounds }));
    }
    if (sections.has('system')) {
      system = await benchSystemProcesses({
        root,
        settings: settings.system,
        log,
        beforeRuns: scale && ((databaseUrl) => seedToScale(databaseUrl, scale)),
        emulatorsPid: emulators?.pid,
      });
      output.push(...systemTables(system));
    }
    output.push(`\n${await describePostgres()}`);
  } finally {
    log('stopping the test environment');
    await teardown();
  }
  const summary = benchSummary(system, relayRuns);
  output.push(
    formatTable(
      'Summary (--summary-json)',
      ['key', 'value'],
      Object.entries(summary).map(([key, value]) => [
        key,
        Array.isArray(value)
          ? value.map((rate) => `${rate.perSecond}/s: p50 ${rate.p50Ms}, p99 ${rate.p99Ms}, max ${rate.maxMs} ms`).join('; ')
          : String(value),
      ]),
    ),
  );
  if (flags['summary-json']) await writeFile(flags['summary-json'], `${JSON.stringify(summary, null, 2)}\n`);
  output.push(`\nmachine: ${availableParallelism()} cores, Node ${process.version}; whole bench ${((performance.now() - began) / 1000).toFixed(1)} s`);
  process.stdout.write(`${output.join('\n')}\n`);
  if (failedRequests > 0) {
    process.stderr.write(`bench: ${failedRequests} requests failed; latency figures that skip failures are not comparable\n`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
