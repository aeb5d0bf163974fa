import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { awsClients, destroyClients, lambdaFunctions } from '@loyalty/topology';
import { createTestDatabase, uniquePrefix } from '@loyalty/testing';
import { insertExportRequest, seedBusiness } from '../services/exporter/test/support/seed-business.js';
import { startTestEnvironment } from '../test/test-environment.js';
import { mib, perSecond } from './bench/stats.js';
import { formatTable } from './shared/table.js';

/**
 * `npm run bench:export`: one transactions export of BENCH_EXPORT_ROWS rows (1,000,000 by default)
 * from a real Postgres into the S3 emulator, in a child process like the Lambda's, with the RSS of
 * that same process idle (loaded and connected) as the baseline.
 */
const rows = Number(process.env.BENCH_EXPORT_ROWS ?? 1_000_000);
const format = process.env.BENCH_EXPORT_FORMAT === 'jsonl' ? 'jsonl' : 'csv';
/** The exporter Lambda's own flags unless told otherwise (BENCH_NODE_FLAGS='' measures Node's defaults). */
const nodeFlags = process.env.BENCH_NODE_FLAGS ?? lambdaFunctions.exporter.nodeOptions ?? '';
const began = performance.now();
const log = (line: string) => process.stderr.write(`[bench:export +${((performance.now() - began) / 1000).toFixed(1)}s] ${line}\n`);

interface ChildResult {
  outcome: string;
  seconds: number;
  rows: number;
  bytes: number;
  baselineRss: number;
  peakRss: number;
  maxRss: number;
}

function runChild(env: NodeJS.ProcessEnv): Promise<ChildResult> {
  const entry = fileURLToPath(new URL('./bench/export-child.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags.split(' ').filter(Boolean), '--expose-gc', '--import', 'tsx', entry], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(output.trim().split('\n').at(-1)!) as ChildResult) : reject(new Error(`export child exited ${code}`)),
    );
  });
}

const stopEnvironment = await startTestEnvironment();
const clients = awsClients();
try {
  const db = await createTestDatabase();
  const bucket = `${uniquePrefix('bench')}-exports`;
  await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  log(`seeding ${rows.toLocaleString('en-US')} transactions`);
  const shop = await seedBusiness(db.url, { cards: 10_000, transactions: rows });
  const request = await insertExportRequest(db.url, { businessId: shop.businessId, kind: 'transactions', format });
  log('exporting');
  const result = await runChild({ ...process.env, DATABASE_URL: db.url, BENCH_BUCKET: bucket, BENCH_EXPORT_ID: request.id });
  const head = await clients.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: request.objectKey }));
  if (result.outcome !== 'produced' || result.rows !== rows || head.ContentLength !== result.bytes) {
    throw new Error(`the export did not produce what was asked: ${JSON.stringify({ result, objectBytes: head.ContentLength })}`);
  }
  process.stdout.write(
    formatTable(
      `Export of ${rows.toLocaleString('en-US')} transactions as gzipped ${format.toUpperCase()} (cursor 500 rows, 8 MiB parts), in its own process with node ${nodeFlags || '(defaults)'}`,
      ['rows', 'time', 'rows/s', 'file (gzip)', 'RSS idle (baseline)', 'RSS peak (sampled)', 'max RSS (kernel)', 'peak - idle'],
      [
        [
          result.rows.toLocaleString('en-US'),
          `${result.seconds.toFixed(1)} s`,
          perSecond(result.rows / result.seconds),
          mib(result.bytes),
          mib(result.baselineRss),
          mib(result.peakRss),
          mib(result.maxRss),
          mib(result.peakRss - result.baselineRss),
        ],
      ],
    ) + '\n',
  );
  await db.drop();
} finally {
  destroyClients(clients);
  await stopEnvironment();
}
