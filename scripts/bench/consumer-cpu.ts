import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@loyalty/db';
import { adminQuery, createTestDatabase, uniquePrefix, withDatabase } from '@loyalty/testing';
import { awsClients, destroyClients, provisionTopology } from '@loyalty/topology';
import { startTestEnvironment } from '../../test/test-environment.js';
import { recordedRecord } from '../../test/analytics/history-support.js';
import { createTenant, eventsOf, run } from '../../test/analytics/workload.js';
import type { ChildInput, StreamFigures } from './consumer-cpu-child.js';

/**
 * CPU per event of the history writer's and analytics' handlers, base tree against this one in the
 * same run: `tsx scripts/bench/consumer-cpu.ts --base /tmp/base --rounds base,branch,branch,base`.
 * Visits and purchases are applied by the real processor first, so every row is settled when the
 * handlers read it (a backlog, as in the throughput run); the history stream delivers each
 * `transaction.settled` 16 messages after its `transaction.recorded`. Each round gets a fresh copy
 * of the database and a fresh history table; the handlers run in a child process (`--cpu-prof` with
 * `BENCH_CPU_PROF_DIR`), the emulators in this one. The base tree (`git archive <commit> | tar -x`)
 * needs a node_modules of symlinks to this tree's packages, but with `@loyalty/*` linked to its own
 * libs and services.
 */
const { values: flags } = parseArgs({
  options: { base: { type: 'string' }, rounds: { type: 'string', default: 'base,branch,branch,base' }, visits: { type: 'string', default: '600' } },
});
const here = fileURLToPath(new URL('../..', import.meta.url));
const roots: Record<string, string> = { branch: here, base: flags.base ?? here };
const visits = Number(flags.visits);
const lag = 16;

const stop = await startTestEnvironment();
try {
  const prepared = await createTestDatabase();
  const orm = await openDatabase({ databaseUrl: prepared.url, poolMax: 2 });
  const start = new Date('2026-03-06T09:00:00Z');
  const tenant = await createTenant(orm, 20, start);
  const recorded: string[] = [];
  for (let index = 0; index < visits; index += 1) {
    const command = { op: index % 3 === 0 ? 'purchase' : 'visit', card: index, store: (index % 2) as 0 | 1, amount: 500 + index, minute: index } as const;
    const id = await run(orm, tenant, [], command, start);
    if (id) recorded.push((await recordedRecord(orm, id)).body);
  }
  const outbox = (await eventsOf(orm, tenant.businessId)).map((record) => record.body);
  await orm.close();
  const typeOf = (body: string) => (JSON.parse(body) as { type: string }).type;
  const settled = outbox.filter((body) => typeOf(body) === 'transaction.settled');
  const history: string[] = [];
  for (let index = 0; index < recorded.length + lag; index += 1) {
    if (index < recorded.length) history.push(recorded[index] ?? '');
    if (index >= lag && index - lag < settled.length) history.push(settled[index - lag] ?? '');
  }
  const analytics = outbox.filter((body) => ['transaction.settled', 'card.enrolled', 'points.expired'].includes(typeOf(body)));

  const adminUrl = process.env.TEST_PG_ADMIN_URL ?? '';
  const preparedName = new URL(prepared.url).pathname.slice(1);
  const workDir = await mkdtemp(join(tmpdir(), 'consumer-cpu-'));
  const clients = awsClients();
  const results: { round: string; history: StreamFigures & { emulatorCpuMs: number }; analytics: StreamFigures & { emulatorCpuMs: number } }[] = [];
  for (const [index, round] of (flags.rounds ?? '').split(',').entries()) {
    const name = `${preparedName}_r${index}`;
    await adminQuery(adminUrl, `create database "${name}" template "${preparedName}"`);
    const { prefix } = await provisionTopology(clients, { prefix: uniquePrefix('cpu') });
    const figures: Partial<Record<'history' | 'analytics', StreamFigures & { emulatorCpuMs: number }>> = {};
    for (const [stream, bodies] of [
      ['history', history],
      ['analytics', analytics],
    ] as const) {
      const input: ChildInput = { root: roots[round] ?? here, databaseUrl: withDatabase(adminUrl, name), prefix, stream, bodies, warmupBatches: 10 };
      const inputFile = join(workDir, `round-${index}-${stream}.json`);
      await writeFile(inputFile, JSON.stringify(input));
      const profile = process.env.BENCH_CPU_PROF_DIR
        ? ['--cpu-prof', `--cpu-prof-dir=${join(process.env.BENCH_CPU_PROF_DIR, `${index}-${round}-${stream}`)}`]
        : [];
      const cpuBefore = process.cpuUsage();
      const output = await new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, [...profile, '--import', 'tsx', join(here, 'scripts/bench/consumer-cpu-child.ts'), inputFile], {
          cwd: input.root,
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
        });
        child.on('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`round ${round} exited with ${code}`))));
      });
      const cpu = process.cpuUsage(cpuBefore);
      figures[stream] = { ...(JSON.parse(output) as StreamFigures), emulatorCpuMs: (cpu.user + cpu.system) / 1000 };
    }
    results.push({ round, history: figures.history!, analytics: figures.analytics! });
    await adminQuery(adminUrl, `drop database if exists "${name}" with (force)`);
  }
  destroyClients(clients);
  await prepared.drop();
  const per = (figures: StreamFigures & { emulatorCpuMs: number }) =>
    `${(figures.cpuMs / figures.events).toFixed(3)} ms CPU/event, ${(figures.statements / figures.events).toFixed(2)} statements/event, PostgreSQL ${(figures.backendCpuMs / figures.events).toFixed(3)} ms/event, ${(figures.wallMs / figures.events).toFixed(2)} ms wall/event, emulators ${(figures.emulatorCpuMs / figures.events).toFixed(3)} ms/event, ${figures.failures} failed`;
  for (const result of results) {
    process.stdout.write(
      `${result.round.padEnd(6)} history (${result.history.events}): ${per(result.history)}; analytics (${result.analytics.events}): ${per(result.analytics)}\n`,
    );
  }
} finally {
  await stop();
}
