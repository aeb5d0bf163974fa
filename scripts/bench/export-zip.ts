import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { lambdaFunctions } from '@loyalty/topology';
import { startLambdaEnvironment } from '../build/lambda-environment.js';
import { prepareLambdaRuntime } from '../build/lambda-runtime.js';
import { readZipEntries } from '../build/zip.js';

export interface ZipExportRun {
  failures: number;
  seconds: number;
  cpuSeconds: number;
  /** After a first, empty batch: the handler loaded, connected and idle. */
  baselineRss: number;
  /** Sampled every 20 ms from outside, and the kernel's high-water mark of the process. */
  peakRss: number;
  maxRss: number;
}

/** `VmRSS` / `VmHWM` of a process, in bytes (Linux). */
function memoryOf(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((candidate) => candidate.startsWith(`${field}:`));
  return Number(line?.replace(/\D+/g, '') ?? 0) * 1024;
}

/**
 * One export by the built `exporter.zip`, loaded as Lambda loads it (scripts/build's emulated
 * environment: a bare node, the runtime's AWS SDK, the function's NODE_OPTIONS as terraform sets
 * them), handed the SQS record of an `export.requested` the way the event source mapping does.
 */
export async function runZipExport(
  root: string,
  zipPath: string,
  environment: Record<string, string>,
  request: { exportId: string; businessId: string },
): Promise<ZipExportRun> {
  const definition = lambdaFunctions.exporter;
  const code = new TextDecoder().decode((await readZipEntries(zipPath))['index.mjs']);
  const sdkImports = [...new Set([...code.matchAll(/["'](@aws-sdk\/[a-z0-9-]+)["']/g)].map((match) => match[1]!))].sort();
  const runtime = await prepareLambdaRuntime(root, sdkImports);
  try {
    const lambda = await startLambdaEnvironment({
      zipPath,
      functionName: 'exporter',
      memoryMb: definition.memoryMb,
      timeoutSeconds: definition.timeoutSeconds,
      runtime,
      // As terraform sets it; BENCH_ZIP_NODE_OPTIONS tries others.
      environment: {
        ...environment,
        NODE_OPTIONS: process.env.BENCH_ZIP_NODE_OPTIONS ?? ['--enable-source-maps', definition.nodeOptions].filter(Boolean).join(' '),
      },
    });
    try {
      const warm = await lambda.invoke({ Records: [] });
      let peakRss = warm.rssBytes;
      const sampler = setInterval(() => {
        peakRss = Math.max(peakRss, memoryOf(lambda.pid, 'VmRSS'));
      }, 20);
      const started = performance.now();
      const answer = await lambda.invoke({ Records: [exportRecord(request)] }).finally(() => clearInterval(sampler));
      const seconds = (performance.now() - started) / 1000;
      const failures = (answer.result as { batchItemFailures?: unknown[] } | undefined)?.batchItemFailures?.length ?? 0;
      const cpuSeconds = (answer.cpuSinceImportMs - warm.cpuSinceImportMs) / 1000;
      return { failures, seconds, cpuSeconds, baselineRss: warm.rssBytes, peakRss: Math.max(peakRss, answer.rssBytes), maxRss: memoryOf(lambda.pid, 'VmHWM') };
    } finally {
      await lambda.stop();
    }
  } finally {
    await runtime.remove();
  }
}

function exportRecord(request: { exportId: string; businessId: string }) {
  const now = new Date().toISOString();
  const envelope = {
    id: randomUUID(),
    type: 'export.requested',
    version: 1,
    occurredAt: now,
    businessId: request.businessId,
    aggregate: { type: 'export', id: request.exportId },
    correlationId: `bench-${request.exportId}`,
    causationId: null,
    payload: { exportId: request.exportId, kind: 'transactions', format: 'csv', requestedAt: now },
  };
  return {
    messageId: randomUUID(),
    receiptHandle: 'bench',
    body: JSON.stringify(envelope),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()), SenderId: 'bench', ApproximateFirstReceiveTimestamp: String(Date.now()) },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:exports',
    awsRegion: 'us-east-1',
  };
}
