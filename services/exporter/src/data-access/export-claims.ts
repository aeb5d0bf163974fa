import type { EntityManager } from '@loyalty/db';
import type { ExportFilters, ExportFormat, ExportKind, ExportStatus } from '@loyalty/db/model';

export interface ClaimedExport {
  id: string;
  /** Whose export: a business's, or (kind `personal-data`) a customer's own. */
  businessId: string | null;
  customerId: string | null;
  kind: ExportKind;
  format: ExportFormat;
  filters: ExportFilters;
  objectKey: string;
  /** The multipart upload a previous attempt left behind, if it died before finishing or aborting it. */
  abandonedUploadId: string | null;
  attempts: number;
}

export type ClaimOutcome = { claimed: ClaimedExport } | { skipped: 'missing' | 'finished' | 'busy' };

interface ClaimRow {
  id: string;
  business_id: string | null;
  customer_id: string | null;
  kind: ExportKind;
  format: ExportFormat;
  filters: ExportFilters;
  object_key: string;
  upload_id: string | null;
  attempts: number;
}

/**
 * Takes the export for this attempt until `leaseSeconds` from now. A second delivery of the same
 * event while an attempt holds it finds it busy; one after the lease (the attempt died) takes over.
 */
export async function claimExport(em: EntityManager, exportId: string, leaseSeconds: number): Promise<ClaimOutcome> {
  const [row] = await em.execute<ClaimRow[]>(
    `update business.exports
        set status = 'running', attempts = attempts + 1, rows = 0, error = null,
            claimed_until = now() + make_interval(secs => ?), started_at = coalesce(started_at, now())
      where id = ? and status in ('pending', 'running') and (claimed_until is null or claimed_until < now())
      returning id, business_id, customer_id, kind, format, filters, object_key, upload_id, attempts`,
    [leaseSeconds, exportId],
  );
  if (row) {
    return {
      claimed: {
        id: row.id,
        businessId: row.business_id,
        customerId: row.customer_id,
        kind: row.kind,
        format: row.format,
        filters: row.filters,
        objectKey: row.object_key,
        abandonedUploadId: row.upload_id,
        attempts: row.attempts,
      },
    };
  }
  const [current] = await em.execute<{ status: ExportStatus }[]>('select status from business.exports where id = ?', [exportId]);
  if (!current) return { skipped: 'missing' };
  return { skipped: current.status === 'running' ? 'busy' : 'finished' };
}

export async function recordUploadId(em: EntityManager, exportId: string, uploadId: string | null): Promise<void> {
  await em.execute('update business.exports set upload_id = ? where id = ?', [uploadId, exportId], 'run');
}

export async function recordProgress(em: EntityManager, exportId: string, rows: number): Promise<void> {
  await em.execute(`update business.exports set rows = ? where id = ? and status = 'running'`, [rows, exportId], 'run');
}

export interface FinishedFile {
  rows: number;
  bytes: number;
  emailLink: string;
}

export async function markReady(em: EntityManager, exportId: string, file: FinishedFile): Promise<Date> {
  const [row] = await em.execute<{ completed_at: Date | string }[]>(
    `update business.exports
        set status = 'ready', rows = ?, bytes = ?, email_link = ?, upload_id = null, claimed_until = null, error = null, completed_at = now()
      where id = ? returning completed_at`,
    [file.rows, file.bytes, file.emailLink, exportId],
  );
  if (!row) throw new Error(`export ${exportId} vanished while it was produced`);
  return new Date(row.completed_at);
}

/** The attempt failed: the lease goes at once so the retry need not wait; `final` ends the export as failed. */
export async function releaseAfterFailure(em: EntityManager, exportId: string, error: string, final: boolean): Promise<void> {
  await em.execute(
    `update business.exports
        set claimed_until = null, error = ?, status = case when ? then 'failed' else status end,
            completed_at = case when ? then now() else completed_at end
      where id = ? and status = 'running'`,
    [error, final, final, exportId],
    'run',
  );
}
