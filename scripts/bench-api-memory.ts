import { fileURLToPath } from 'node:url';
import { formatTable } from './shared/table.js';
import { startTestEnvironment } from '../test/test-environment.js';
import { setUpCounter } from './bench/counter-fixture.js';
import { runLoadInChild, type RequestTemplate } from './bench/load-plan.js';
import { startSystemProcesses } from './bench/system-processes.js';

/**
 * `npm run bench:api-memory`: the APIs' RSS after the same load, with and without a setting of the
 * process's environment, in alternating rounds. The load is the write path (202s) and then a burst of
 * `Prefer: wait` visits that nobody settles (the pipeline is off), so up to PREFER_WAIT_MAX_WAITING
 * requests are held at once, as on a saturated till, and then let go.
 */
const variants: Record<string, NodeJS.ProcessEnv> = {
  'V8 defaults': { NODE_OPTIONS: '' },
  'old 384, semi 16 MiB': { NODE_OPTIONS: '--max-old-space-size=384 --max-semi-space-size=16' },
};
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const root = fileURLToPath(new URL('..', import.meta.url));
const log = (line: string) => process.stderr.write(`[api-memory] ${line}\n`);
const stopEnvironment = await startTestEnvironment();
const rows: string[][] = [];
try {
  for (let round = 1; round <= rounds; round++) {
    for (const [name, env] of Object.entries(variants)) {
      const system = await startSystemProcesses({
        root,
        env: { RATE_LIMIT_TRANSACTIONS: '1000000/60', RATE_LIMIT_STANDARD: '1000000/3600', LOG_LEVEL: 'info', ...env },
        log,
      });
      try {
        const admin = system.apiServices.find((service) => service.launch.name === 'admin-api');
        if (!admin) throw new Error('no admin API');
        const ready = await admin.memory();
        const counter = await setUpCounter(system.apis, system.clients, system.provisioned, 16);
        const visit = (run: string, prefer?: string): RequestTemplate => ({
          method: 'POST',
          url: `${system.apis.admin}/businesses/${counter.businessId}/transactions`,
          headers: { authorization: `Bearer ${counter.staffToken}`, ...(prefer ? { prefer } : {}) },
          body: JSON.stringify({ kind: 'visit', cardId: '{{card}}', storeId: counter.storeId, posTransactionId: `${run}-{{seq}}` }),
          cards: counter.cardIds,
          okStatus: 202,
          timeoutMs: 30_000,
        });
        const writes = await runLoadInChild({ mode: 'closed', concurrency: 8, durationMs: 20_000, request: visit(`write-${round}`) });
        const afterWrites = await admin.memory();
        const waits = await runLoadInChild({ mode: 'open', perSecond: 200, durationMs: 10_000, request: visit(`wait-${round}`, 'wait=3') });
        await new Promise((resolve) => setTimeout(resolve, 5_000));
        const after = await admin.memory();
        await new Promise((resolve) => setTimeout(resolve, 30_000));
        const idle = await admin.memory();
        rows.push([
          String(round),
          name,
          `${ready.rssMiB.toFixed(1)} MiB`,
          `${afterWrites.rssMiB.toFixed(1)} MiB (${writes.achievedPerSecond.toFixed(0)}/s)`,
          `${after.rssMiB.toFixed(1)} MiB (${waits.errors} not 202, p50 ${waits.p50Ms.toFixed(0)} ms, p99 ${waits.p99Ms.toFixed(0)} ms)`,
          `${idle.rssMiB.toFixed(1)} MiB`,
          `${idle.peakMiB.toFixed(1)} MiB`,
        ]);
        log(`round ${round}, ${name}: ${rows.at(-1)?.join(' | ')}`);
      } finally {
        await system.stop();
      }
    }
  }
} finally {
  await stopEnvironment();
}
process.stdout.write(
  `${formatTable('Admin API RSS (node dist/admin/main.mjs), alternating rounds', ['round', 'environment', 'when ready', 'after 20 s of writes', 'after the wait burst', '30 s later', 'peak'], rows)}\n`,
);
