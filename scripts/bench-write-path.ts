import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@loyalty/local-stack';
import { waitForHealthy } from './local/health.js';
import { formatTable } from './shared/table.js';
import { startTestEnvironment } from '../test/test-environment.js';
import { prepareBareSchema } from './bench/bare-schema.js';
import { processCpuMs } from './bench/process-cpu.js';
import { setUpCounter } from './bench/counter-fixture.js';
import { runLoadInChild, type RequestTemplate } from './bench/load-plan.js';
import { serviceProcess, type ServiceProcess } from './bench/service-process.js';
import { startSystemProcesses } from './bench/system-processes.js';

/**
 * `npm run bench:write-path`: the write path of `npm run bench` alone (the 202 visit against the bare
 * Koa + pg process, closed loop, relay and consumers off), for a change to the admin API. With
 * `BENCH_BASELINE_ADMIN=<dir>/main.mjs` (a copy of dist/admin built before the change) that bundle runs
 * beside this tree's, on the same database, and every round alternates bare, baseline, branch, then the
 * reverse, so the machine's drift hits each side alike. `BENCH_ADMIN_NODE_OPTIONS` goes to the admin
 * processes only (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`), `BENCH_BASELINE_NODE_OPTIONS` to the
 * baseline alone: the same bundle twice with two settings compares the settings.
 */
const seconds = Number(process.env.BENCH_WRITE_SECONDS ?? 10);
const rounds = Number(process.env.BENCH_WRITE_ROUNDS ?? 2);
const concurrency = Number(process.env.BENCH_WRITE_CONCURRENCY ?? 8);
const baselineBundle = process.env.BENCH_BASELINE_ADMIN;
const adminNodeOptions = process.env.BENCH_ADMIN_NODE_OPTIONS;
const baselineNodeOptions = process.env.BENCH_BASELINE_NODE_OPTIONS ?? adminNodeOptions;
const root = fileURLToPath(new URL('..', import.meta.url));
const log = (line: string) => process.stderr.write(`[write-path] ${line}\n`);

const stopEnvironment = await startTestEnvironment();
const nodeOptions = (options: string | undefined): NodeJS.ProcessEnv => (options === undefined ? {} : { NODE_OPTIONS: options });
const system = await startSystemProcesses({
  root,
  env: { RATE_LIMIT_TRANSACTIONS: '1000000/60', RATE_LIMIT_STANDARD: '1000000/3600', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info' },
  log,
});
const started: ServiceProcess[] = [];
const rows: string[][] = [];
try {
  const admin = system.apiServices.find((service) => service.launch.name === 'admin-api');
  if (!admin) throw new Error('no admin API');
  const counter = await setUpCounter(system.apis, system.clients, system.provisioned, 64);
  // Restarted with the admin-only options, so the setup above is not in a profile.
  await admin.stop();
  const spawnSide = async (name: string, entry: string, runner: 'node' | 'tsx', env: NodeJS.ProcessEnv): Promise<{ url: string; process: ServiceProcess }> => {
    const port = await freePort();
    const side = serviceProcess({ ...admin.launch, name, entry, runner, env: { ...admin.launch.env, ...env, PORT: String(port) } }, system.logDir, (n, code) =>
      log(`${n} exited unexpectedly (code ${code})`),
    );
    side.start();
    started.push(side);
    await waitForHealthy([`http://127.0.0.1:${port}/healthz`], () => !side.running);
    return { url: `http://127.0.0.1:${port}`, process: side };
  };
  await prepareBareSchema(system.db.url);
  interface Side {
    name: string;
    url: string;
    process: ServiceProcess;
    headers: Record<string, string>;
    body: (run: string) => string;
  }
  const sides: Side[] = [];
  const visit = (name: string, { url, process }: { url: string; process: ServiceProcess }): Side => ({
    name,
    process,
    url: `${url}/businesses/${counter.businessId}/transactions`,
    headers: { authorization: `Bearer ${counter.staffToken}` },
    body: (run) => JSON.stringify({ kind: 'visit', cardId: '{{card}}', storeId: counter.storeId, posTransactionId: `${name}-${run}-{{seq}}` }),
  });
  const bare = await spawnSide('bare-koa-pg', resolve(root, 'scripts/bench/bare-server.ts'), 'tsx', { DATABASE_URL: system.db.url });
  sides.push({
    name: 'bare',
    process: bare.process,
    url: `${bare.url}/transactions`,
    headers: {},
    body: (run) => JSON.stringify({ businessId: counter.businessId, cardId: '{{card}}', storeId: counter.storeId, posTransactionId: `bare-${run}-{{seq}}` }),
  });
  if (baselineBundle) sides.push(visit('baseline', await spawnSide('admin-baseline', baselineBundle, 'node', nodeOptions(baselineNodeOptions))));
  sides.push(visit('branch', await spawnSide('admin-branch', admin.launch.entry, 'node', nodeOptions(adminNodeOptions))));

  const rates = new Map<string, { completed: number; wallMs: number; cpuMs: number }>();
  const runSide = async (side: Side, run: string, durationSeconds: number) => {
    const request: RequestTemplate = {
      method: 'POST',
      url: side.url,
      headers: side.headers,
      body: side.body(run),
      cards: counter.cardIds,
      okStatus: 202,
      timeoutMs: 30_000,
    };
    return runLoadInChild({ mode: 'closed', concurrency, durationMs: durationSeconds * 1000, request });
  };
  for (const side of sides) await runSide(side, 'warm', 3);
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 === 1 ? sides : sides.toReversed();
    for (const side of order) {
      const cpuBefore = await processCpuMs(side.process.pid);
      const report = await runSide(side, `r${round}`, seconds);
      const cpuMs = (await processCpuMs(side.process.pid)) - cpuBefore;
      const { rssMiB } = await side.process.memory();
      const total = rates.get(side.name) ?? { completed: 0, wallMs: 0, cpuMs: 0 };
      rates.set(side.name, { completed: total.completed + report.completed, wallMs: total.wallMs + report.wallMs, cpuMs: total.cpuMs + cpuMs });
      rows.push([
        String(round),
        side.name,
        report.achievedPerSecond.toFixed(0),
        (cpuMs / report.completed).toFixed(3),
        report.p50Ms.toFixed(1),
        report.p99Ms.toFixed(1),
        String(report.errors),
        rssMiB.toFixed(0),
        loadavg()[0]?.toFixed(1) ?? '',
      ]);
      log(rows.at(-1)?.join(' | ') ?? '');
    }
  }
  const rateOf = (name: string) => {
    const total = rates.get(name);
    return total ? total.completed / (total.wallMs / 1000) : Number.NaN;
  };
  const cpuOf = (name: string) => {
    const total = rates.get(name);
    return total ? total.cpuMs / total.completed : Number.NaN;
  };
  const ratio = (name: string, over: string) => [
    'all',
    `${name} / ${over}`,
    (rateOf(name) / rateOf(over)).toFixed(3),
    (cpuOf(name) / cpuOf(over)).toFixed(3),
    '',
    '',
    '',
    '',
  ];
  for (const side of sides.slice(1)) rows.push(ratio(side.name, 'bare'));
  if (baselineBundle) rows.push(ratio('branch', 'baseline'));
} finally {
  await Promise.all(started.map((side) => side.stop()));
  await system.stop();
  await stopEnvironment();
}
process.stdout.write(
  `${formatTable('Write path, closed loop', ['round', 'side', 'req/s', 'CPU ms/req', 'p50 ms', 'p99 ms', 'errors', 'RSS MiB', 'load'], rows)}\n`,
);
