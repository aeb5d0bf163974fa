import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import pg from 'pg';
import { awsClients, destroyClients, lambdaFunctions } from '@loyalty/topology';
import { createTestDatabase, uniquePrefix } from '@loyalty/testing';
import { DEFAULT_PART_SIZE } from '../services/exporter/src/data-access/object-upload.js';
import { insertExportRequest, seedBusiness } from '../services/exporter/test/support/seed-business.js';
import { startTestEnvironment } from '../test/test-environment.js';
import { runZipExport } from './bench/export-zip.js';
import { mib, perSecond } from './bench/stats.js';
import { formatTable } from './shared/table.js';

/**
 * `npm run bench:export`: one transactions export of BENCH_EXPORT_ROWS rows (1,000,000 by default)
 * from a real Postgres into the S3 emulator, in a child process like the Lambda's, with the RSS of
 * that same process idle (loaded and connected) as the baseline. BENCH_EXPORT_ZIP=1 then exports the
 * same rows again with the built dist/lambda/exporter.zip (`npm run build`) loaded as Lambda loads it,
 * with the function's NODE_OPTIONS, against the 128 MiB budget, and the ratios of the two runs.
 */
const rows = Number(process.env.BENCH_EXPORT_ROWS ?? 1_000_000);
const format = process.env.BENCH_EXPORT_FORMAT === 'jsonl' ? 'jsonl' : 'csv';
/** The exporter Lambda's own flags unless told otherwise (BENCH_NODE_FLAGS='' measures Node's defaults). */
const nodeFlags = process.env.BENCH_NODE_FLAGS ?? lambdaFunctions.exporter.nodeOptions ?? '';
const began = performance.now();
const root = fileURLToPath(new URL('..', import.meta.url));
const zipPath = `${root}dist/lambda/exporter.zip`;
const withZip = process.env.BENCH_EXPORT_ZIP === '1';
const BUDGET_BYTES = 128 * 1024 * 1024;
const log = (line: string) => process.stderr.write(`[bench:export +${((performance.now() - began) / 1000).toFixed(1)}s] ${line}\n`);

interface ChildResult {
  outcome: string;
  seconds: number;
  cpuSeconds: number;
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

interface Measured {
  runner: string;
  seconds: number;
  cpuSeconds: number;
  bytes: number;
  baselineRss: number;
  peakRss: number;
  maxRss: number;
}

const row = (m: Measured) => [
  m.runner,
  `${m.seconds.toFixed(1)} s`,
  `${m.cpuSeconds.toFixed(1)} s`,
  perSecond(rows / m.seconds),
  perSecond(rows / m.cpuSeconds),
  mib(m.bytes),
  mib(m.baselineRss),
  mib(m.peakRss),
  mib(m.maxRss),
  mib(m.peakRss - m.baselineRss),
  `${((Math.max(m.peakRss, m.maxRss) / BUDGET_BYTES) * 100).toFixed(0)} %`,
];

async function exportRow(databaseUrl: string, id: string): Promise<{ status: string; rows: string; bytes: string } | undefined> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<{ status: string; rows: string; bytes: string }>('select status, rows, bytes from business.exports where id = $1', [id]))
      .rows[0];
  } finally {
    await client.end();
  }
}

if (withZip && !existsSync(zipPath)) throw new Error(`${zipPath} is missing: run npm run build first`);
const stopEnvironment = await startTestEnvironment();
const clients = awsClients();
try {
  const db = await createTestDatabase();
  const bucket = `${uniquePrefix('bench')}-exports`;
  await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  log(`seeding ${rows.toLocaleString('en-US')} transactions`);
  const shop = await seedBusiness(db.url, { cards: 10_000, transactions: rows });
  const produced = async (request: { id: string; objectKey: string }, counted: { rows: number; bytes: number }) => {
    const head = await clients.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: request.objectKey }));
    if (counted.rows !== rows || head.ContentLength !== counted.bytes) {
      throw new Error(`the export did not produce what was asked: ${JSON.stringify({ counted, objectBytes: head.ContentLength })}`);
    }
  };
  const measured: Measured[] = [];

  const request = await insertExportRequest(db.url, { businessId: shop.businessId, kind: 'transactions', format });
  log('exporting in a child process under tsx');
  const result = await runChild({ ...process.env, DATABASE_URL: db.url, BENCH_BUCKET: bucket, BENCH_EXPORT_ID: request.id });
  if (result.outcome !== 'produced') throw new Error(`the export was not produced: ${JSON.stringify(result)}`);
  await produced(request, result);
  measured.push({ runner: `tsx child, node ${nodeFlags || '(defaults)'}`, ...result });

  if (withZip) {
    const again = await insertExportRequest(db.url, { businessId: shop.businessId, kind: 'transactions', format });
    log('exporting with dist/lambda/exporter.zip in an emulated Lambda environment');
    const zip = await runZipExport(
      root,
      zipPath,
      {
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        DATABASE_URL: db.url,
        EXPORTS_BUCKET: bucket,
        AWS_REGION: 'us-east-1',
        AWS_ENDPOINT_URL_S3: process.env.AWS_ENDPOINT_URL_S3!,
        AWS_ACCESS_KEY_ID: 'bench',
        AWS_SECRET_ACCESS_KEY: 'bench',
      },
      { exportId: again.id, businessId: shop.businessId },
    );
    const done = await exportRow(db.url, again.id);
    if (zip.failures > 0 || done?.status !== 'ready') throw new Error(`the zip-loaded export failed: ${JSON.stringify({ zip, done })}`);
    await produced(again, { rows: Number(done.rows), bytes: Number(done.bytes) });
    measured.push({
      runner: `exporter.zip, NODE_OPTIONS ${process.env.BENCH_ZIP_NODE_OPTIONS ?? `--enable-source-maps ${lambdaFunctions.exporter.nodeOptions ?? ''}`}`,
      bytes: Number(done.bytes),
      ...zip,
    });
  }

  const title = `Export of ${rows.toLocaleString('en-US')} transactions as gzipped ${format.toUpperCase()} (cursor 500 rows, lib-storage Upload: ${DEFAULT_PART_SIZE / 1024 / 1024} MiB parts, 1 in flight)`;
  process.stdout.write(
    `${formatTable(
      title,
      [
        'runner',
        'time',
        'CPU',
        'rows/s',
        'rows per CPU s',
        'file (gzip)',
        'RSS idle (baseline)',
        'RSS peak (sampled)',
        'max RSS (kernel)',
        'peak - idle',
        'of 128 MiB',
      ],
      measured.map(row),
    )}\n`,
  );
  const [tsx, zip] = measured;
  if (tsx && zip) {
    process.stdout.write(
      `exporter.zip against the tsx child of the same run: peak RSS ${(zip.peakRss / tsx.peakRss).toFixed(2)}x, ` +
        `peak - idle ${((zip.peakRss - zip.baselineRss) / (tsx.peakRss - tsx.baselineRss)).toFixed(2)}x, rows per CPU s ${(tsx.cpuSeconds / zip.cpuSeconds).toFixed(2)}x\n`,
    );
  }
  await db.drop();
} finally {
  destroyClients(clients);
  await stopEnvironment();
}
