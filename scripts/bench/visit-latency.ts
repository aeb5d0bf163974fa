import { call } from '../../test/support/http.js';
import { setUpStampProgram, type StampShop } from '../../test/support/stamp-program.js';
import { startSystem, type System } from '../../test/support/system.js';
import { runLoad, type LoadResult, type Sample } from './load.js';
import { serverSegmentNames, visitTimestampsSql } from './visit-segments.js';
import { percentile, summarize, type LatencySummary } from './stats.js';

export interface LatencyRun {
  label: string;
  operation: 'visit' | 'get';
  concurrency: number;
  summary: LatencySummary;
  errors: number;
  firstError?: string;
  eventLoopBusy: number;
  cpuMsPerOp: number;
}

/** Where the time of a visit went, per segment, in ms (p50 / p95 over the run's requests). */
export interface Breakdown {
  label: string;
  count: number;
  segments: { name: string; p50: number; p95: number }[];
}

export interface VisitLatencyOptions {
  requests: number;
  warmup: number;
  concurrency: number;
  log: (line: string) => void;
}

export interface VisitLatencyResult {
  runs: LatencyRun[];
  breakdowns: Breakdown[];
  queueWaitTimeSeconds: number;
  /** pg_stat_user_tables rows with sequential scans, after all runs. */
  sequentialScans: string[];
  /** process.memoryUsage() right after the last run, with the whole system still up. */
  memoryWhileRunning: NodeJS.MemoryUsage;
}

interface TransactionView {
  id: string;
  status: 'pending' | 'applied';
  result: { stamps: number; stampsRequired: number; rewardsUnlocked: number } | null;
}

// startSystem() starts the loyalty processor's queue runner with this long-poll wait (test/support/system.ts).
const queueWaitTimeSeconds = 1;

async function recordVisit(system: System, shop: StampShop, posTransactionId: string): Promise<{ ok: boolean; detail?: string; id?: string }> {
  const answer = await call<TransactionView>(system.admin.url, 'POST', `/businesses/${shop.businessId}/transactions`, {
    token: shop.staffToken,
    headers: { prefer: 'wait=5' },
    body: { kind: 'visit', cardId: shop.cardId, storeId: shop.storeId, posTransactionId },
  });
  const ok = answer.status === 200 && answer.body.status === 'applied' && answer.body.result !== null;
  return { ok, id: answer.body.id, ...(ok ? {} : { detail: `${answer.status} ${JSON.stringify(answer.body)}` }) };
}

async function getTransaction(system: System, shop: StampShop, transactionId: string): Promise<{ ok: boolean; detail?: string }> {
  const answer = await call<TransactionView>(system.admin.url, 'GET', `/businesses/${shop.businessId}/transactions/${transactionId}`, {
    token: shop.staffToken,
  });
  const ok = answer.status === 200 && answer.body.id === transactionId;
  return ok ? { ok } : { ok, detail: `${answer.status} ${JSON.stringify(answer.body)}` };
}

/** Runs one load and labels its result. */
async function measured(label: string, operation: LatencyRun['operation'], concurrency: number, load: () => Promise<LoadResult>): Promise<LatencyRun> {
  return toRun(label, operation, concurrency, await load());
}

/** Tables the run read sequentially: a lookup without an index shows up here. */
async function sequentialScans(system: System): Promise<string[]> {
  const em = system.admin.orm.em.fork();
  await em.execute('select pg_stat_clear_snapshot()');
  const rows = await em.execute<{ name: string; seq_scan: string; seq_tup_read: string; idx_scan: string | null; live: string }[]>(
    `select schemaname || '.' || relname as name, seq_scan, seq_tup_read, idx_scan, n_live_tup as live
       from pg_stat_user_tables where seq_scan > 0 order by seq_tup_read desc limit 8`,
  );
  return rows.map((row) => `${row.name}: ${row.seq_scan} seq scans reading ${row.seq_tup_read} rows (${row.idx_scan ?? 0} index scans, ${row.live} live rows)`);
}

function toRun(label: string, operation: LatencyRun['operation'], concurrency: number, result: LoadResult): LatencyRun {
  const failures = result.samples.filter((sample) => !sample.ok);
  return {
    label,
    operation,
    concurrency,
    summary: summarize(
      result.samples.map((sample) => sample.ms),
      result.wallMs,
    ),
    errors: failures.length,
    eventLoopBusy: result.eventLoopBusy,
    cpuMsPerOp: result.cpuMsPerOp,
    ...(failures[0]?.detail ? { firstError: failures[0].detail } : {}),
  };
}

/**
 * Splits each visit's latency at the timestamps the database kept: the transaction row's created_at
 * (now() of the admin API's write transaction), the outbox row's published_at (now() of the relay's
 * claim transaction, i.e. when it woke and claimed, before the SNS call), the inbox row's processed_at
 * (now() of the processor's transaction, i.e. once SQS handed the message over) and applied_at (set by
 * the processor before its flush). The client's own start and end times close the two outer segments.
 */
async function breakdown(system: System, label: string, posPrefix: string, samples: Map<string, Sample>): Promise<Breakdown> {
  const em = system.admin.orm.em.fork();
  const rows = await em.execute<{ pos: string; created: number; published: number; processed: number; applied: number }[]>(
    visitTimestampsSql('t.pos_transaction_id like ?'),
    [`${posPrefix}%`],
  );
  const segments: Record<string, number[]> = {
    'request → write tx start (HTTP, auth, reads)': [],
    [serverSegmentNames.relayWake]: [],
    [serverSegmentNames.delivery]: [],
    [serverSegmentNames.apply]: [],
    'applied → response (commit, NOTIFY, refresh, HTTP)': [],
  };
  const push = (name: string, value: number) => segments[name]?.push(value);
  for (const row of rows) {
    const sample = samples.get(row.pos);
    if (!sample) continue;
    const [created, published, processed, applied] = [row.created, row.published, row.processed, row.applied].map(Number) as [number, number, number, number];
    push('request → write tx start (HTTP, auth, reads)', created - sample.startedAt);
    push(serverSegmentNames.relayWake, published - created);
    push(serverSegmentNames.delivery, processed - published);
    push(serverSegmentNames.apply, applied - processed);
    push('applied → response (commit, NOTIFY, refresh, HTTP)', sample.endedAt - applied);
  }
  return {
    label,
    count: rows.length,
    segments: Object.entries(segments).map(([name, values]) => {
      const sorted = values.sort((a, b) => a - b);
      return { name, p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
    }),
  };
}

/**
 * The real loop, in this process: admin API → outbox → relay → SNS → SQS → loyalty processor →
 * NOTIFY → the waiting request. The baseline is an authenticated GET of an applied transaction on
 * the same API: same auth, same staff check, same database, no asynchronous hop.
 */
export async function benchVisitLatency({ requests, warmup, concurrency, log }: VisitLatencyOptions): Promise<VisitLatencyResult> {
  log('visit latency: starting the system (admin API, customer API, outbox relay, loyalty processor, notifier)');
  // The limiter still runs on every request (its Redis round trips are part of the figures); only its
  // ceilings are lifted, or a few thousand requests from one business would be answered 429.
  const system = await startSystem({ env: { RATE_LIMIT_TRANSACTIONS: '1000000/60', RATE_LIMIT_STANDARD: '1000000/3600' } });
  try {
    const shops: StampShop[] = [];
    for (let i = 0; i < concurrency; i++) shops.push(await setUpStampProgram(system, { stampsRequired: 10, reward: 'A free flat white' }));
    const shop = (worker: number): StampShop => shops[worker % shops.length] as StampShop;

    log(`visit latency: warming up (${warmup} visits, ${warmup} reads)`);
    const recorded: { shop: StampShop; id: string }[] = [];
    await runLoad(warmup, concurrency, async (worker, seq) => {
      const outcome = await recordVisit(system, shop(worker), `warm-${worker}-${seq}`);
      if (outcome.id) recorded.push({ shop: shop(worker), id: outcome.id });
      return outcome;
    });
    const target = (seq: number) => recorded[seq % recorded.length] as { shop: StampShop; id: string };
    await runLoad(warmup, concurrency, (_, seq) => getTransaction(system, target(seq).shop, target(seq).id));
    const firstShopTargets = recorded.filter((entry) => entry.shop === shops[0]);

    const runs: LatencyRun[] = [];
    const breakdowns: Breakdown[] = [];

    log(`visit latency: ${requests} reads, sequential`);
    runs.push(
      await measured('GET transaction (baseline)', 'get', 1, () =>
        runLoad(requests, 1, (_, seq) => getTransaction(system, shops[0] as StampShop, (firstShopTargets[seq % firstShopTargets.length] ?? target(seq)).id)),
      ),
    );

    log(`visit latency: ${requests} visits, sequential (one cashier, one card)`);
    const sequentialSamples = new Map<string, Sample>();
    runs.push(
      await measured('POST visit, Prefer: wait=5', 'visit', 1, () =>
        runLoad(requests, 1, async (_, seq) => {
          const started = Date.now();
          const outcome = await recordVisit(system, shops[0] as StampShop, `seq-${seq}`);
          sequentialSamples.set(`seq-${seq}`, { startedAt: started, endedAt: Date.now(), ms: Date.now() - started, ok: outcome.ok });
          return outcome;
        }),
      ),
    );

    log(`visit latency: ${requests} reads, concurrency ${concurrency}`);
    runs.push(
      await measured('GET transaction (baseline)', 'get', concurrency, () =>
        runLoad(requests, concurrency, (_, seq) => getTransaction(system, target(seq).shop, target(seq).id)),
      ),
    );

    log(`visit latency: ${requests} visits, concurrency ${concurrency} (one cashier per card)`);
    const concurrentSamples = new Map<string, Sample>();
    runs.push(
      await measured('POST visit, Prefer: wait=5', 'visit', concurrency, () =>
        runLoad(requests, concurrency, async (worker, seq) => {
          const started = Date.now();
          const outcome = await recordVisit(system, shop(worker), `c${concurrency}-${seq}`);
          concurrentSamples.set(`c${concurrency}-${seq}`, { startedAt: started, endedAt: Date.now(), ms: Date.now() - started, ok: outcome.ok });
          return outcome;
        }),
      ),
    );
    const memoryWhileRunning = process.memoryUsage();

    // Read the scan counters before the breakdown's own queries add theirs; then give the planner statistics
    // (a freshly cloned database has none, and the breakdown's text join would otherwise loop over seq scans).
    const scans = await sequentialScans(system);
    await system.admin.orm.em.fork().execute('analyze loyalty.transactions, messaging.outbox, messaging.inbox');
    breakdowns.push(await breakdown(system, 'sequential', 'seq-', sequentialSamples));
    breakdowns.push(await breakdown(system, `concurrency ${concurrency}`, `c${concurrency}-`, concurrentSamples));
    return { runs, breakdowns, queueWaitTimeSeconds, memoryWhileRunning, sequentialScans: scans };
  } finally {
    log('visit latency: stopping the system');
    await system.stop();
  }
}
