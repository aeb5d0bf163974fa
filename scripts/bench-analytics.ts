import { availableParallelism, cpus } from 'node:os';
import { startTestEnvironment } from '../test/test-environment.js';
import { analyticsTable, benchAnalyticsSummary } from './bench/analytics-summary.js';
import { describePostgres } from './bench/postgres.js';

/**
 * `npm run bench:analytics`: table 4 of `npm run bench` alone, the analytics reads of a 10,000-card
 * business against an authenticated GET on the same API, without the relay and visit runs before it.
 */
const settings = {
  cards: Number(process.env.BENCH_ANALYTICS_CARDS ?? 10_000),
  days: Number(process.env.BENCH_ANALYTICS_DAYS ?? 90),
  requests: Number(process.env.BENCH_REQUESTS ?? 1_000),
  rounds: Number(process.env.BENCH_ANALYTICS_ROUNDS ?? 5),
};
const began = performance.now();
const log = (line: string) => process.stderr.write(`[bench:analytics +${((performance.now() - began) / 1000).toFixed(1)}s] ${line}\n`);

log(`machine: ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}; settings ${JSON.stringify(settings)}`);
const teardown = await startTestEnvironment();
const output: string[] = [];
let failed = 0;
try {
  const result = await benchAnalyticsSummary({ ...settings, log });
  failed = result.runs.reduce((sum, run) => sum + run.errors, 0);
  output.push(analyticsTable(result, settings), `\n${await describePostgres()}`);
} finally {
  await teardown();
}
output.push(`\nmachine: ${availableParallelism()} cores, Node ${process.version}; whole bench ${((performance.now() - began) / 1000).toFixed(1)} s`);
process.stdout.write(`${output.join('\n')}\n`);
if (failed > 0) {
  process.stderr.write(`bench:analytics: ${failed} requests failed\n`);
  process.exitCode = 1;
}
