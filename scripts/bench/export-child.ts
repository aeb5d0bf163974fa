import { S3Client } from '@aws-sdk/client-s3';
import { openDatabase } from '@loyalty/db';
import { createLogger } from '@loyalty/platform';
import { awsClientConfig } from '@loyalty/topology';
import { loadExporterConfig } from '../../services/exporter/src/config.js';
import { produceExport } from '../../services/exporter/src/use-cases/produce-export.js';

/**
 * One export in a process of its own, as the Lambda runs it, so its RSS is the exporter's alone:
 * the baseline is taken once everything is loaded and connected, the peak by sampling every 20 ms
 * (and the kernel's own high-water mark). Prints one JSON line.
 */
const env = process.env;
const orm = await openDatabase({ databaseUrl: env.DATABASE_URL!, poolMax: 2 });
const s3Config = awsClientConfig(env.AWS_ENDPOINT_URL_S3);
const s3 = new S3Client({ ...s3Config, forcePathStyle: true });
await orm.em.fork().execute('select 1');
global.gc?.();
const baselineRss = process.memoryUsage().rss;
let peakRss = baselineRss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

const started = performance.now();
const cpuAtStart = process.cpuUsage();
const outcome = await produceExport(
  {
    orm,
    s3,
    bucket: env.BENCH_BUCKET!,
    databaseUrl: env.DATABASE_URL!,
    logger: createLogger('bench-exporter', 'warn'),
    leaseSeconds: 900,
    emailLinkTtlSeconds: 3600,
    batchSize: loadExporterConfig(env).EXPORT_BATCH_ROWS,
    progressEveryRows: 50_000,
  },
  env.BENCH_EXPORT_ID!,
  { final: true },
);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuAtStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
clearInterval(sampler);
const [row] = await orm.em.fork().execute<{ rows: string; bytes: string }[]>('select rows, bytes from business.exports where id = ?', [env.BENCH_EXPORT_ID!]);
process.stdout.write(
  `${JSON.stringify({ outcome, seconds, cpuSeconds, rows: Number(row?.rows), bytes: Number(row?.bytes), baselineRss, peakRss, maxRss: process.resourceUsage().maxRSS * 1024 })}\n`,
);
await orm.close();
s3.destroy();
