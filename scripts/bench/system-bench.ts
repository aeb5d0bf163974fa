import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@loyalty/local-stack';
import pg from 'pg';
import { call } from '../../test/support/http.js';
import { waitForHealthy } from '../local/health.js';
import { prepareBareSchema } from './bare-schema.js';
import { cpuBetween, type CpuSample } from './process-cpu.js';
import { startStatementProfile, type StatementProfile } from './pg-statements.js';
import { setUpCounter, type Counter } from './counter-fixture.js';
import type { LoadReport } from './load-generator.js';
import { parseServerTiming, visitSegments, visitTimestampsSql, type SegmentFigures, type VisitAnswer, type VisitTimestamps } from './visit-segments.js';
import { runLoadInChild, type LoadPlan, type RequestTemplate } from './load-plan.js';
import { serviceProcess, type ServiceProcess } from './service-process.js';
import { startSystemProcesses, type SystemProcesses } from './system-processes.js';

export interface SystemBenchSettings {
  /** Cards the load rings up (one store, one business), round robin: enough that one card's serial apply is not what is measured. */
  cards: number;
  writeConcurrency: number;
  writeSeconds: number;
  writeRounds: number;
  openSeconds: number;
  openSecondsAt200: number;
  /** Open-loop rates below the machine's ceiling, each run for sweepSeconds: the wait's latency where it is not queueing. */
  sweepRates: number[];
  sweepSeconds: number;
  throughputConcurrency: number;
  throughputSeconds: number;
  warmupSeconds: number;
  drainTimeoutSeconds: number;
}

export interface ThroughputResult {
  push: LoadReport;
  settled: number;
  appliedPerSecond: number;
  /** From the first request to the last settle. */
  elapsedMs: number;
  /** applied_at − created_at of the run's transactions: how long a visit waited to be applied under this load. */
  applyLagP50Ms: number;
  applyLagP99Ms: number;
  applyLagMaxMs: number;
  /** CPU each process spent from the push's start to the last settle, per settled visit: where a visit's work goes. */
  cpuMsPerVisit: { name: string; ms: number }[];
  /** Per statement and per service, when the server preloads pg_stat_statements. */
  statements?: StatementProfile;
}

export interface ProcessMemory {
  name: string;
  runner: string;
  /** Ready, before the load: an API once it answers its health check, a consumer once the first visit applied. */
  idleRssMiB: number;
  rssMiB: number;
  peakMiB: number;
}

export interface SystemBenchResult {
  runners: string[];
  builtBundles: string;
  logDir: string;
  writePath: { bare: LoadReport[]; system: LoadReport[]; bareRate: number; systemRate: number };
  visitWait: {
    sweep: LoadReport[];
    /** Where the server-side time of each sweep run's visits went, from the database's timestamps. */
    sweepSegments: { perSecond: number; visits: number; segments: SegmentFigures[] }[];
    at100: LoadReport;
    at200: LoadReport;
  };
  throughput: ThroughputResult;
  memory: ProcessMemory[];
  counts: { cards: number; ledgerEntries: number };
}

export interface SystemBenchOptions {
  root: string;
  settings: SystemBenchSettings;
  log: (line: string) => void;
  /**
   * Runs once the system is up and the counter's cards exist, before any load: where a scale seed
   * (100,000 cards, 10 million ledger entries) goes. It must leave the counter's cards alone.
   */
  beforeRuns?: (databaseUrl: string, counter: Counter) => Promise<void>;
  /** The emulators' own process, when they do not run in this one. */
  emulatorsPid?: number;
}

// The limiter still runs on every request (its Redis round trips are part of the figures); only its
// ceilings are lifted, or the load from one business would be answered 429.
const serviceEnv: NodeJS.ProcessEnv = {
  RATE_LIMIT_TRANSACTIONS: '1000000/60',
  RATE_LIMIT_STANDARD: '1000000/3600',
  LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
};

function visitRequest(system: SystemProcesses, counter: Counter, run: string, prefer?: string): RequestTemplate {
  return {
    method: 'POST',
    url: `${system.apis.admin}/businesses/${counter.businessId}/transactions`,
    headers: { authorization: `Bearer ${counter.staffToken}`, ...(prefer ? { prefer } : {}) },
    body: JSON.stringify({ kind: 'visit', cardId: '{{card}}', storeId: counter.storeId, posTransactionId: `${run}-{{seq}}` }),
    cards: counter.cardIds,
    okStatus: prefer ? 200 : 202,
    timeoutMs: 30_000,
  };
}

async function query<T>(databaseUrl: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as T[];
  } finally {
    await client.end();
  }
}

// Every query of the counter's rows names its business: under --scale a bare status filter scans 5 million rows, beside the load it measures.
async function pendingCount(databaseUrl: string, counter: Counter): Promise<number> {
  const [row] = await query<{ pending: string }>(
    databaseUrl,
    "select count(*) as pending from loyalty.transactions where business_id = $1 and status = 'pending'",
    [counter.businessId],
  );
  return Number(row?.pending ?? 0);
}

/** Waits until every transaction is settled and every outbox row published, so one run's backlog is not the next run's load. */
async function drained(system: SystemProcesses, counter: Counter, timeoutSeconds: number, log: (line: string) => void): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    const [row] = await query<{ pending: string; unpublished: string }>(
      system.db.url,
      `select (select count(*) from loyalty.transactions where business_id = $1 and status = 'pending') as pending,
              (select count(*) from messaging.outbox where published_at is null and parked_at is null) as unpublished`,
      [counter.businessId],
    );
    if (Number(row?.pending) === 0 && Number(row?.unpublished) === 0) return;
    const failure = system.failure();
    if (failure) throw new Error(failure);
    if (Date.now() > deadline) {
      log(`backlog not drained after ${timeoutSeconds} s (${row?.pending} pending, ${row?.unpublished} unpublished); going on`);
      return;
    }
    await sleep(250);
  }
}

function rateOf(reports: readonly LoadReport[]): number {
  const completed = reports.reduce((sum, report) => sum + report.completed - report.errors, 0);
  const wallMs = reports.reduce((sum, report) => sum + report.wallMs, 0);
  return wallMs > 0 ? (completed / wallMs) * 1000 : 0;
}

async function load(system: SystemProcesses, plan: LoadPlan, log: (line: string) => void, label: string): Promise<LoadReport> {
  const report = { ...(await runLoadInChild(plan)), loadAverage: loadavg()[0] };
  log(
    `${label}: ${report.completed} answers, ${report.errors} errors, ${report.achievedPerSecond.toFixed(0)}/s, p50 ${report.p50Ms.toFixed(1)} ms, p99 ${report.p99Ms.toFixed(1)} ms, max ${report.maxMs.toFixed(0)} ms; load average ${report.loadAverage?.toFixed(1)}`,
  );
  const failure = system.failure();
  if (failure) throw new Error(failure);
  return report;
}

/**
 * Write path against the bare baseline, alternating in rounds so drift on a shared machine hits both
 * alike. The relay and the consumers are stopped: both sides only write. What the system wrote is then
 * removed, unpublished, so the later runs start from an empty backlog.
 */
async function benchWritePath(system: SystemProcesses, counter: Counter, options: SystemBenchOptions): Promise<SystemBenchResult['writePath']> {
  const { settings, log, root } = options;
  await prepareBareSchema(system.db.url);
  const barePort = await freePort();
  const bare = serviceProcess(
    {
      name: 'bare-koa-pg',
      entry: 'scripts/bench/bare-server.ts',
      runner: 'tsx',
      cwd: root,
      env: { ...process.env, DATABASE_URL: system.db.url, PORT: String(barePort) },
    },
    system.logDir,
    (name, code, signal) => log(`${name} exited unexpectedly (${signal ?? `code ${code}`})`),
  );
  bare.start();
  try {
    await waitForHealthy([`http://127.0.0.1:${barePort}/healthz`], () => !bare.running);
    const bareRequest = (run: string): RequestTemplate => ({
      method: 'POST',
      url: `http://127.0.0.1:${barePort}/transactions`,
      headers: {},
      body: JSON.stringify({ businessId: counter.businessId, cardId: '{{card}}', storeId: counter.storeId, posTransactionId: `${run}-{{seq}}` }),
      cards: counter.cardIds,
      okStatus: 202,
    });
    const closed = (request: RequestTemplate, seconds: number): LoadPlan => ({
      mode: 'closed',
      concurrency: settings.writeConcurrency,
      durationMs: seconds * 1000,
      request,
    });
    log(`write path: warming up both sides (${settings.warmupSeconds} s each)`);
    await load(system, closed(bareRequest('bare-warm'), settings.warmupSeconds), log, 'write path warm-up, bare');
    await load(system, closed(visitRequest(system, counter, 'write-warm'), settings.warmupSeconds), log, 'write path warm-up, admin API');
    const bareReports: LoadReport[] = [];
    const systemReports: LoadReport[] = [];
    for (let round = 1; round <= settings.writeRounds; round++) {
      bareReports.push(await load(system, closed(bareRequest(`bare-${round}`), settings.writeSeconds), log, `write path round ${round}, bare Koa + pg`));
      systemReports.push(
        await load(system, closed(visitRequest(system, counter, `write-${round}`), settings.writeSeconds), log, `write path round ${round}, admin API (202)`),
      );
    }
    return { bare: bareReports, system: systemReports, bareRate: rateOf(bareReports), systemRate: rateOf(systemReports) };
  } finally {
    await bare.stop();
    await query(
      system.db.url,
      `delete from messaging.outbox o using loyalty.transactions t where o.published_at is null and o.aggregate_id = t.id::text and t.status = 'pending'`,
    );
    // Nothing references a pending row, and each delete's foreign-key checks would scan loyalty.lots and
    // loyalty.rewards (no index on their transaction_id: nothing else deletes a transaction), for hours under --scale.
    await query(system.db.url, "begin; set local session_replication_role = replica; delete from loyalty.transactions where status = 'pending'; commit");
  }
}

/** The consumers have no health endpoint: the pipeline is ready once a visit with Prefer: wait comes back applied. */
async function untilVisitsApply(system: SystemProcesses, counter: Counter, timeoutSeconds: number): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (let attempt = 0; ; attempt++) {
    const answer = await call(system.apis.admin, 'POST', `/businesses/${counter.businessId}/transactions`, {
      token: counter.staffToken,
      headers: { prefer: 'wait=5' },
      body: { kind: 'visit', cardId: counter.cardIds[0], storeId: counter.storeId, posTransactionId: `ready-${attempt}` },
    });
    if (answer.status === 200) return;
    const failure = system.failure();
    if (failure) throw new Error(failure);
    if (Date.now() > deadline) throw new Error(`no visit applied within ${timeoutSeconds} s of starting the consumers (last answer ${answer.status})`);
  }
}

async function benchThroughput(
  system: SystemProcesses,
  counter: Counter,
  settings: SystemBenchSettings,
  log: (line: string) => void,
  emulatorsPid: number | undefined,
): Promise<ThroughputResult> {
  const run = `push-${randomBytes(2).toString('hex')}`;
  let push: LoadReport | undefined;
  const profiler = await startStatementProfile(requiredAdminUrl(), system.db.url);
  const cpu = await cpuBetween(await cpuGroups(system, emulatorsPid), async () => {
    push = await load(
      system,
      {
        mode: 'closed',
        concurrency: settings.throughputConcurrency,
        durationMs: settings.throughputSeconds * 1000,
        request: visitRequest(system, counter, run),
      },
      log,
      `throughput: push at concurrency ${settings.throughputConcurrency} (202)`,
    );
    log(`throughput: waiting for the backlog to drain (${await pendingCount(system.db.url, counter)} pending)`);
    const drainDeadline = Date.now() + settings.drainTimeoutSeconds * 1000;
    while ((await pendingCount(system.db.url, counter)) > 0 && Date.now() < drainDeadline) {
      const failure = system.failure();
      if (failure) throw new Error(failure);
      await sleep(100);
    }
  });
  const statements = await profiler?.finish();
  if (!push) throw new Error('the push reported nothing');
  const [row] = await query<{ settled: string; pending: string; last: string | null; p50: string; p99: string; max: string }>(
    system.db.url,
    `select count(*) filter (where status <> 'pending') as settled,
            count(*) filter (where status = 'pending') as pending,
            extract(epoch from max(applied_at)) * 1000 as last,
            percentile_cont(0.5) within group (order by extract(epoch from applied_at - created_at) * 1000) as p50,
            percentile_cont(0.99) within group (order by extract(epoch from applied_at - created_at) * 1000) as p99,
            extract(epoch from max(applied_at - created_at)) * 1000 as max
       from loyalty.transactions where business_id = $1 and starts_with(pos_transaction_id, $2)`,
    [counter.businessId, `${run}-`],
  );
  if (Number(row?.pending) > 0) log(`throughput: ${row?.pending} visits still pending after ${settings.drainTimeoutSeconds} s; they do not count`);
  const settled = Number(row?.settled ?? 0);
  const elapsedMs = Number(row?.last ?? Number.NaN) - push.startedAtEpochMs;
  return {
    push,
    settled,
    elapsedMs,
    appliedPerSecond: elapsedMs > 0 ? (settled / elapsedMs) * 1000 : 0,
    applyLagP50Ms: Number(row?.p50),
    applyLagP99Ms: Number(row?.p99),
    applyLagMaxMs: Number(row?.max),
    cpuMsPerVisit: cpu.map((entry) => ({ name: entry.name, ms: settled > 0 ? entry.ms / settled : Number.NaN })),
    ...(statements ? { statements } : {}),
  };
}

function requiredAdminUrl(): string {
  const url = process.env.TEST_PG_ADMIN_URL;
  if (!url) throw new Error('TEST_PG_ADMIN_URL is not set: startTestEnvironment must run first');
  return url;
}

/** Every service, the emulators, this process and the database's backends for this bench's database. */
async function cpuGroups(system: SystemProcesses, emulatorsPid: number | undefined): Promise<CpuSample[]> {
  const backends = await query<{ pid: number }>(system.db.url, 'select pid from pg_stat_activity where datname = current_database()');
  return [
    ...system.services.flatMap((service) => (service.pid === undefined ? [] : [{ name: service.launch.name, pids: [service.pid] }])),
    ...(emulatorsPid === undefined
      ? [{ name: 'emulators (the bench process)', pids: [process.pid] }]
      : [
          { name: 'emulators (fauxqs, dynalite, cognito-local, SES)', pids: [emulatorsPid] },
          { name: 'the bench process', pids: [process.pid] },
        ]),
    { name: 'PostgreSQL backends of the bench database', pids: backends.map((backend) => backend.pid) },
  ];
}

/**
 * The multi-process runs: every service its own process, the load from a process of its own, the bare
 * baseline in the same run. See docs/performance.md for what each figure means.
 */
export async function benchSystemProcesses(options: SystemBenchOptions): Promise<SystemBenchResult> {
  const { settings, log, root } = options;
  log('system: starting the APIs as their own processes');
  const system = await startSystemProcesses({ root, env: serviceEnv, log });
  const idleRss = new Map<string, number>();
  const noteIdleRss = async (services: readonly ServiceProcess[]) => {
    for (const service of services) idleRss.set(service.launch.name, (await service.memory()).rssMiB);
  };
  try {
    await noteIdleRss(system.apiServices);
    log(`system: setting up one store with ${settings.cards} cards`);
    const counter = await setUpCounter(system.apis, system.clients, system.provisioned, settings.cards);
    await options.beforeRuns?.(system.db.url, counter);

    const writePath = await benchWritePath(system, counter, options);

    log('system: starting the relay and every consumer');
    await system.startPipeline();
    await untilVisitsApply(system, counter, settings.drainTimeoutSeconds);
    await noteIdleRss(system.pipeline);
    const wait = (run: string) => visitRequest(system, counter, run, 'wait=5');
    await load(
      system,
      { mode: 'open', perSecond: 20, durationMs: settings.warmupSeconds * 1000, request: wait('wait-warm') },
      log,
      'visit wait=5 warm-up, 20/s',
    );
    await drained(system, counter, settings.drainTimeoutSeconds, log);
    const sweep: LoadReport[] = [];
    const sweepSegments: SystemBenchResult['visitWait']['sweepSegments'] = [];
    for (const perSecond of settings.sweepRates) {
      const { answers, ...report } = await load(
        system,
        { mode: 'open', perSecond, durationMs: settings.sweepSeconds * 1000, request: { ...wait(`wait-${perSecond}`), recordAnswers: true } },
        log,
        `visit wait=5, open loop ${perSecond}/s for ${settings.sweepSeconds} s`,
      );
      sweep.push(report);
      await drained(system, counter, settings.drainTimeoutSeconds, log);
      const answerBySeq = new Map((answers ?? []).map((answer) => [`wait-${perSecond}-${answer.seq}`, answer]));
      // pg hands numerics over as strings.
      const rows = (
        await query<Record<keyof VisitTimestamps, string>>(system.db.url, visitTimestampsSql('t.business_id = $1 and t.pos_transaction_id like $2'), [
          counter.businessId,
          `wait-${perSecond}-%`,
        ])
      ).flatMap((row): (VisitTimestamps & VisitAnswer)[] => {
        const answer = answerBySeq.get(row.pos);
        const timing = parseServerTiming(answer?.serverTiming);
        if (!answer || timing['applied-to-wake'] === undefined) return [];
        return [
          {
            pos: row.pos,
            created: Number(row.created),
            published: Number(row.published),
            processed: Number(row.processed),
            applied: Number(row.applied),
            rulesDone: Number(row.rulesDone),
            sentAt: answer.sentAtMs,
            answeredAt: answer.answeredAtMs,
            appliedToWake: timing['applied-to-wake'],
            reread: timing.reread ?? Number.NaN,
          },
        ];
      });
      sweepSegments.push({ perSecond, visits: rows.length, segments: visitSegments(rows) });
    }
    const at100 = await load(
      system,
      { mode: 'open', perSecond: 100, durationMs: settings.openSeconds * 1000, request: wait('wait-100') },
      log,
      `visit wait=5, open loop 100/s for ${settings.openSeconds} s`,
    );
    await drained(system, counter, settings.drainTimeoutSeconds, log);
    const at200 = await load(
      system,
      { mode: 'open', perSecond: 200, durationMs: settings.openSecondsAt200 * 1000, request: wait('wait-200') },
      log,
      `visit wait=5, open loop 200/s for ${settings.openSecondsAt200} s`,
    );
    await drained(system, counter, settings.drainTimeoutSeconds, log);

    const throughput = await benchThroughput(system, counter, settings, log, options.emulatorsPid);
    const memory: ProcessMemory[] = [];
    for (const service of system.services) {
      memory.push({
        name: service.launch.name,
        runner: service.launch.runner,
        idleRssMiB: idleRss.get(service.launch.name) ?? Number.NaN,
        ...(await service.memory()),
      });
    }
    const [counts] = await query<{ cards: string; ledger: string }>(
      system.db.url,
      'select (select count(*) from loyalty.cards) as cards, (select count(*) from loyalty.ledger_entries) as ledger',
    );
    return {
      runners: system.runners,
      builtBundles: system.builtBundles,
      logDir: system.logDir,
      writePath,
      visitWait: { sweep, sweepSegments, at100, at200 },
      throughput,
      memory,
      counts: { cards: Number(counts?.cards ?? 0), ledgerEntries: Number(counts?.ledger ?? 0) },
    };
  } finally {
    log('system: stopping every service');
    await system.stop();
  }
}
