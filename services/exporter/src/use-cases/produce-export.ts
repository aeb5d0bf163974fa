import { pipeline, Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { S3Client } from '@aws-sdk/client-s3';
import { PLATFORM_TENANT } from '@loyalty/contracts';
import type { MikroORM } from '@loyalty/db';
import type { BusinessExportKind } from '@loyalty/db/model';
import { writeEvent } from '@loyalty/outbox';
import type { Logger } from '@loyalty/platform';
import { presignGetObject } from '@loyalty/topology';
import { claimExport, markReady, recordProgress, recordUploadId, releaseAfterFailure, type ClaimedExport } from '../data-access/export-claims.js';
import { analyticsDays } from '../data-access/analytics-days.js';
import { cursorRows } from '../data-access/cursor-rows.js';
import { exportQuery, personalDataQuery, type ExportQuery } from '../data-access/export-queries.js';
import { abortOpenUploads, uploadStream } from '../data-access/object-upload.js';
import {
  analyticsColumns,
  customerColumns,
  ledgerColumns,
  personalDataLine,
  transactionColumns,
  type Columns,
  type CustomerRow,
  type LedgerRow,
  type PersonalDataRow,
  type TransactionRow,
} from '../domain/export-columns.js';
import { lineFormats } from '../domain/line-formats.js';

export interface ExporterDeps {
  orm: MikroORM;
  s3: S3Client;
  bucket: string;
  databaseUrl: string;
  logger: Logger;
  /** How long an attempt holds the export: the function's timeout, so a dead attempt's claim lapses. */
  leaseSeconds: number;
  emailLinkTtlSeconds: number;
  /** Rows fetched from the cursor at a time. */
  batchSize: number;
  /** Progress is written to the export row at most once per this many rows. */
  progressEveryRows: number;
  partSize?: number;
}

export type ExportOutcome = 'produced' | 'missing' | 'finished' | 'busy';

export class ExportBusyError extends Error {
  override readonly name = 'ExportBusyError';
}

/**
 * Produces one export: streams its rows through a cursor, as CSV or JSONL lines, through gzip into
 * lib-storage's multipart upload at the export's one object key, then marks it ready and writes
 * `export.ready` in one transaction. A retry starts over at the same key: it aborts the uploads a dead
 * attempt left open, and completing its own replaces any object an earlier attempt completed, so one file remains.
 */
export async function produceExport(deps: ExporterDeps, exportId: string, attempt: { final: boolean }): Promise<ExportOutcome> {
  const em = deps.orm.em.fork();
  const outcome = await claimExport(em, exportId, deps.leaseSeconds);
  if ('skipped' in outcome) {
    // Busy: another delivery is producing it right now; failing this one makes SQS offer it again later.
    if (outcome.skipped === 'busy') throw new ExportBusyError(`export ${exportId} is being produced by another attempt`);
    deps.logger.info({ exportId, outcome: outcome.skipped }, 'export not produced again');
    return outcome.skipped;
  }
  const job = outcome.claimed;
  try {
    const file = await writeFile(deps, job);
    const link = await presignGetObject(deps.s3, deps.bucket, job.objectKey, deps.emailLinkTtlSeconds);
    await em.transactional(async (tx) => {
      const readyAt = await markReady(tx, job.id, { ...file, emailLink: link.url });
      await writeEvent(tx, {
        type: 'export.ready',
        businessId: job.businessId ?? PLATFORM_TENANT,
        aggregateId: job.id,
        payload: { exportId: job.id, kind: job.kind, format: job.format, rows: file.rows, bytes: file.bytes, readyAt: readyAt.toISOString() },
      });
    });
    deps.logger.info({ exportId, kind: job.kind, rows: file.rows, bytes: file.bytes, attempts: job.attempts }, 'export ready');
    return 'produced';
  } catch (error) {
    await releaseAfterFailure(em, job.id, error instanceof Error ? error.message : String(error), attempt.final);
    throw error;
  }
}

async function writeFile(deps: ExporterDeps, job: ClaimedExport): Promise<{ rows: number; bytes: number }> {
  const em = deps.orm.em.fork();
  const location = { bucket: deps.bucket, key: job.objectKey };
  if (job.attempts > 1) {
    const aborted = await abortOpenUploads(deps.s3, location, job.abandonedUploadId);
    if (aborted.length > 0) deps.logger.warn({ exportId: job.id, uploadIds: aborted }, 'aborted the uploads of attempts that did not finish');
  }
  let rows = 0;
  let reported = 0;
  const onBatch = async (count: number) => {
    rows += count;
    if (rows - reported >= deps.progressEveryRows) {
      reported = rows;
      await recordProgress(em, job.id, rows);
    }
  };
  // A failing cursor destroys the gzip stream, which fails the upload (lib-storage then aborts it); the callback has nothing to add.
  const gzipped = pipeline(Readable.from(encodedLines(deps, job, onBatch)), createGzip(), () => undefined);
  const bytes = await uploadStream(
    deps.s3,
    {
      ...location,
      contentType: 'application/gzip',
      contentDisposition: `attachment; filename="${job.kind}-${job.id}.${job.format}.gz"`,
      partSize: deps.partSize,
    },
    gzipped,
    (uploadId) => recordUploadId(em, job.id, uploadId),
  );
  return { rows, bytes };
}

function encodedLines(deps: ExporterDeps, job: ClaimedExport, onBatch: (rows: number) => Promise<void>): AsyncGenerator<Buffer> {
  const rowsOf = <R>(query: ExportQuery) => cursorRows<R>(deps.databaseUrl, query.sql, query.params, deps.batchSize);
  if (job.kind === 'personal-data') {
    if (!job.customerId) throw new Error(`export ${job.id} of personal data has no customer`);
    return linesOf('', personalDataLine, rowsOf<PersonalDataRow>(personalDataQuery(job.customerId)), onBatch);
  }
  const { businessId } = job;
  if (!businessId) throw new Error(`export ${job.id} of ${job.kind} has no business`);
  const lineFormat = lineFormats[job.format];
  const lines = <R>(columns: Columns<R>, rows: AsyncGenerator<R[]>) =>
    linesOf(lineFormat.header(columns.names), (row: R) => lineFormat.line(columns.names, columns.cells(row)), rows, onBatch);
  const queried = <R>(kind: Exclude<BusinessExportKind, 'analytics'>) => rowsOf<R>(exportQuery(kind, businessId, job.filters));
  switch (job.kind) {
    case 'transactions':
      return lines(transactionColumns, queried<TransactionRow>(job.kind));
    case 'customers':
      return lines(customerColumns, queried<CustomerRow>(job.kind));
    case 'ledger':
      return lines(ledgerColumns, queried<LedgerRow>(job.kind));
    case 'analytics':
      return lines(analyticsColumns, analyticsDays(deps.orm.em.fork(), businessId, job.filters));
  }
}

// Chunks stay well below V8's large-object size (which only a full GC frees), so garbage dies young and RSS stays flat.
const CHUNK_CHARS = 32 * 1024;

async function* linesOf<R>(
  header: string,
  line: (row: R) => string,
  batches: AsyncGenerator<R[]>,
  onBatch: (rows: number) => Promise<void>,
): AsyncGenerator<Buffer> {
  let chunk = header;
  for await (const batch of batches) {
    for (const row of batch) {
      chunk += line(row);
      if (chunk.length >= CHUNK_CHARS) {
        yield Buffer.from(chunk);
        chunk = '';
      }
    }
    await onBatch(batch.length);
  }
  if (chunk) yield Buffer.from(chunk);
}
