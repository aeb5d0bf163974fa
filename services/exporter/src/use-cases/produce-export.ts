import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { S3Client } from '@aws-sdk/client-s3';
import type { MikroORM } from '@loyalty/db';
import type { ExportFilters, ExportFormat } from '@loyalty/db/model';
import { writeEvent } from '@loyalty/outbox';
import type { Logger } from '@loyalty/platform';
import { presignGetObject } from '@loyalty/topology';
import { claimExport, markReady, recordProgress, recordUploadId, releaseAfterFailure, type ClaimedExport } from '../data-access/export-claims.js';
import { cursorRows } from '../data-access/cursor-rows.js';
import { exportQuery } from '../data-access/export-queries.js';
import { abortMultipartUpload, startMultipartUpload } from '../data-access/multipart-upload.js';
import {
  customerColumns,
  isProducedKind,
  ledgerColumns,
  transactionColumns,
  type Columns,
  type CustomerRow,
  type LedgerRow,
  type ProducedKind,
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

/** A failure no retry can mend: the export ends as failed at once. */
class ExportRefusedError extends Error {
  override readonly name = 'ExportRefusedError';
}

/**
 * Produces one export: streams its rows through a cursor, as CSV or JSONL lines, through gzip into
 * a multipart upload at the export's one object key, then marks it ready and writes `export.ready`
 * in one transaction. A retry starts over at the same key: it aborts the upload a dead attempt left
 * behind, and completing its own replaces any object an earlier attempt completed, so one file remains.
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
    if (!isProducedKind(job.kind)) throw new ExportRefusedError(`exports of kind ${job.kind} are not produced yet`);
    const file = await writeFile(deps, job, job.kind);
    const link = await presignGetObject(deps.s3, deps.bucket, job.objectKey, deps.emailLinkTtlSeconds);
    await em.transactional(async (tx) => {
      const readyAt = await markReady(tx, job.id, { ...file, emailLink: link.url });
      await writeEvent(tx, {
        type: 'export.ready',
        businessId: job.businessId,
        aggregateId: job.id,
        payload: { exportId: job.id, kind: job.kind, format: job.format, rows: file.rows, bytes: file.bytes, readyAt: readyAt.toISOString() },
      });
    });
    deps.logger.info({ exportId, kind: job.kind, rows: file.rows, bytes: file.bytes, attempts: job.attempts }, 'export ready');
    return 'produced';
  } catch (error) {
    const refused = error instanceof ExportRefusedError;
    await releaseAfterFailure(em, job.id, error instanceof Error ? error.message : String(error), refused || attempt.final);
    if (refused) return 'finished';
    throw error;
  }
}

async function writeFile(deps: ExporterDeps, job: ClaimedExport, kind: ProducedKind): Promise<{ rows: number; bytes: number }> {
  const em = deps.orm.em.fork();
  const location = { bucket: deps.bucket, key: job.objectKey };
  if (job.abandonedUploadId) {
    await abortMultipartUpload(deps.s3, location, job.abandonedUploadId);
    deps.logger.warn({ exportId: job.id, uploadId: job.abandonedUploadId }, 'aborted the upload of an attempt that did not finish');
  }
  const upload = await startMultipartUpload(deps.s3, {
    ...location,
    contentType: 'application/gzip',
    contentDisposition: `attachment; filename="${job.kind}-${job.id}.${job.format}.gz"`,
    partSize: deps.partSize,
  });
  await recordUploadId(em, job.id, upload.uploadId);

  let rows = 0;
  let reported = 0;
  const onBatch = async (count: number) => {
    rows += count;
    if (rows - reported >= deps.progressEveryRows) {
      reported = rows;
      await recordProgress(em, job.id, rows);
    }
  };
  const lines = encodedLines(deps, kind, job.format, job.businessId, job.filters, onBatch);
  await pipeline(Readable.from(lines), createGzip(), upload.writable);
  return { rows, bytes: upload.bytes() };
}

function encodedLines(
  deps: ExporterDeps,
  kind: ProducedKind,
  format: ExportFormat,
  businessId: string,
  filters: ExportFilters,
  onBatch: (rows: number) => Promise<void>,
): AsyncGenerator<Buffer> {
  const query = exportQuery(kind, businessId, filters);
  const lines = <R>(columns: Columns<R>) => linesOf(columns, format, cursorRows<R>(deps.databaseUrl, query.sql, query.params, deps.batchSize), onBatch);
  switch (kind) {
    case 'transactions':
      return lines<TransactionRow>(transactionColumns);
    case 'customers':
      return lines<CustomerRow>(customerColumns);
    case 'ledger':
      return lines<LedgerRow>(ledgerColumns);
  }
}

// Chunks stay well below V8's large-object size (which only a full GC frees), so garbage dies young and RSS stays flat.
const CHUNK_CHARS = 32 * 1024;

async function* linesOf<R>(
  columns: Columns<R>,
  format: ExportFormat,
  batches: AsyncGenerator<R[]>,
  onBatch: (rows: number) => Promise<void>,
): AsyncGenerator<Buffer> {
  const lineFormat = lineFormats[format];
  let chunk = lineFormat.header(columns.names);
  for await (const batch of batches) {
    for (const row of batch) {
      chunk += lineFormat.line(columns.names, columns.cells(row));
      if (chunk.length >= CHUNK_CHARS) {
        yield Buffer.from(chunk);
        chunk = '';
      }
    }
    await onBatch(batch.length);
  }
  if (chunk) yield Buffer.from(chunk);
}
