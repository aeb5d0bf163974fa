import { randomInt } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@loyalty/local-stack';
import { destroyClients } from '@loyalty/topology';
import { Command, InvalidArgumentError } from 'commander';
import pg from 'pg';
import { apisAt, serviceSpecs, type ServicePorts } from '../local/services.js';
import { checkGuarantees, untilSettled } from './checks.js';
import { injectFaults, injectPoison, scheduleRound, type FaultPlan } from './faults.js';
import { startInfrastructure } from './infrastructure.js';
import { seededRandom } from './random.js';
import { report, summarize } from './report.js';
import { setUpShop } from './setup.js';
import { createSupervisor, type Readiness, type Supervised } from './supervisor.js';
import { runWorkload } from './workload.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const integer = (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('a whole number');
  return parsed;
};

const options = new Command('chaos')
  .description('The whole system as separate processes under faults while a POS workload runs; then checks the guarantees')
  .option('--short', 'the ~2-minute run of npm test: fewer writes, every fault kind once, shorter outages')
  .option('--writes <n>', 'POS writes at least (default 10000, short 200)', integer)
  .option('--seed <n>', 'replays a run: the same faults at the same moments, the same workload', integer)
  .option('--cards <n>', 'cards, half stamp, half points (default 200, short 10)', integer)
  .option('--concurrency <n>', 'tills writing at once (default 24)', integer)
  .option('--rounds <n>', 'rounds of faults (every kind once each) at least; more while the writes go on (default 3, short 1)', integer)
  .option('--fault-window <seconds>', 'each round falls at random moments of a window this long (default 80, short 40)', integer)
  .option('--sns-cut <seconds>', 'how long SNS stays cut (default 30, short 8)', integer)
  .option('--max-seconds <n>', 'the workload stops after this long even short of --writes (short 60)', integer)
  .option('--summary-json <file>', 'also write the summary as JSON')
  .option('--keep-logs', 'keep the service logs when the run passes too')
  .parse()
  .opts<{
    short?: boolean;
    writes?: number;
    seed?: number;
    cards?: number;
    concurrency?: number;
    rounds?: number;
    faultWindow?: number;
    snsCut?: number;
    summaryJson?: string;
    keepLogs?: boolean;
    maxSeconds?: number;
  }>();

const short = options.short === true;
const settings = {
  seed: options.seed ?? randomInt(2 ** 31),
  writes: options.writes ?? (short ? 200 : 10_000),
  cards: options.cards ?? (short ? 10 : 200),
  concurrency: options.concurrency ?? 24,
  maxSeconds: options.maxSeconds ?? (short ? 60 : undefined),
  plan: {
    rounds: options.rounds ?? (short ? 1 : 3),
    windowSeconds: options.faultWindow ?? (short ? 40 : 80),
    snsCutSeconds: options.snsCut ?? (short ? 8 : 30),
    redisDownSeconds: short ? 4 : 10,
  } satisfies FaultPlan,
  // Short, so that redelivery happens within the run; 30 s of receives, longer than a consumer's or
  // PostgreSQL's restart takes, so only the poison dies (production: 30 s × 3).
  queues: { visibilityTimeoutSeconds: 2, maxReceiveCount: 15 },
};

const began = performance.now();
const log = (line: string) => process.stderr.write(`[chaos +${((performance.now() - began) / 1000).toFixed(1)}s] ${line}\n`);

log(`seed ${settings.seed}; ${JSON.stringify(settings)}`);
const dataDir = await mkdtemp(join(tmpdir(), 'loyalty-chaos-'));
const logDir = await mkdtemp(join(tmpdir(), 'loyalty-chaos-logs-'));
log(`service logs in ${logDir}`);
const infrastructure = await startInfrastructure(dataDir, settings.queues, log);
const ports: ServicePorts = { customerApi: await freePort(), adminApi: await freePort(), outboxRelay: await freePort() };
const apis = apisAt(ports);
const readiness: Record<string, Readiness> = {
  'customer-api': { healthUrl: `${apis.customer}/healthz` },
  'admin-api': { healthUrl: `${apis.admin}/healthz` },
  'outbox-relay': { healthUrl: `${apis.outboxRelay}/healthz` },
};
const chaosEnv = {
  LOG_LEVEL: 'info',
  // The workload is one business at one store writing as fast as the system answers: production limits would refuse it.
  RATE_LIMIT_TRANSACTIONS: '1000000/60',
  RATE_LIMIT_STANDARD: '1000000/60',
  RATE_LIMIT_PRO: '1000000/60',
  RATE_LIMIT_AUTH: '100000/60',
};
const supervised: Supervised[] = serviceSpecs(root, infrastructure.system, ports).map((spec) => ({
  spec: { ...spec, env: { ...spec.env, ...chaosEnv } },
  readiness: readiness[spec.name] ?? { logLine: 'queue runner started' },
}));
const supervisor = createSupervisor(supervised, logDir, log);
let exitCode = 1;
try {
  await supervisor.startAll();
  log(`${supervisor.names().length} processes up: ${supervisor.names().join(', ')}`);
  const random = seededRandom(settings.seed);
  const shop = await setUpShop(apis, infrastructure.clients, infrastructure.topology, settings.cards, `s${settings.seed}`);
  log(`business ${shop.businessId}: ${shop.cards.length} cards`);
  const poison = await injectPoison(infrastructure);

  const startedAt = performance.now();
  let faultsDone = false;
  let targetReached = false;
  const faults = injectFaults({
    nextRound: (round) => scheduleRound(random, supervisor.names(), settings.plan.windowSeconds, round * settings.plan.windowSeconds),
    workloadDone: () => targetReached,
    infrastructure,
    supervisor,
    plan: settings.plan,
    startedAt,
    log,
  }).finally(() => {
    faultsDone = true;
  });
  const workload = await runWorkload({
    adminUrl: apis.admin,
    shop,
    writes: settings.writes,
    concurrency: settings.concurrency,
    random: seededRandom(settings.seed + 1),
    maxSeconds: settings.maxSeconds,
    keepGoing: () => !faultsDone,
    onTarget: () => {
      targetReached = true;
    },
    log,
  });
  const injected = await faults;
  log(`workload done: ${workload.records.length} writes in ${(workload.wallMs / 1000).toFixed(1)} s; ${injected.length} faults`);
  await supervisor.allReady();

  const pool = new pg.Pool({ connectionString: infrastructure.databaseUrl, max: 2 });
  try {
    const context = { pool, sqs: infrastructure.clients.sqs, topology: infrastructure.topology, shop, poison };
    const settledInTime = await untilSettled(context, 180_000, log);
    if (!settledInTime) log('the system did not settle in 180 s; checking what there is');
    const guarantees = await checkGuarantees({ ...context, workload, sesEndpoint: infrastructure.stack.endpoints.ses });
    const summary = summarize(settings.seed, injected, poison, guarantees, workload, supervisor.unexpectedExits(), performance.now() - began);
    process.stdout.write(`${report(summary, injected, guarantees, workload)}\n`);
    if (options.summaryJson) await writeFile(options.summaryJson, `${JSON.stringify(summary, null, 2)}\n`);
    exitCode = summary.violations === 0 ? 0 : 1;
  } finally {
    await pool.end();
  }
} catch (error) {
  log(`chaos run failed (seed ${settings.seed}): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
} finally {
  await supervisor.stop();
  destroyClients(infrastructure.clients);
  await infrastructure.stop();
  await rm(dataDir, { recursive: true, force: true });
  if (exitCode === 0 && !options.keepLogs) await rm(logDir, { recursive: true, force: true });
  else log(`service logs kept in ${logDir}`);
}
process.exit(exitCode);
