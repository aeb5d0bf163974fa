import { z } from 'zod';
import { AppError, decodeCursor, toPage, type Page } from '@loyalty/platform';
import { DataExport, Program, Store, type BusinessExportKind, type EntityManager, type ExportFilters, type ExportFormat } from '@loyalty/db';
import type { Principal } from '@loyalty/identity';
import { uuidv7, writeEvent } from '@loyalty/outbox';
import { requireStaff } from '../data-access/staff-access.js';

export interface ExportRequest extends ExportFilters {
  kind: BusinessExportKind;
  format: ExportFormat;
}

/** Where every export of a business lives in the exports bucket; a retry writes the same key. */
export function exportObjectKey(businessId: string, exportId: string, format: ExportFormat): string {
  return `exports/${businessId}/${exportId}.${format}.gz`;
}

/** The request row and `export.requested` commit together; the exporter does the rest. */
export async function requestExport(
  em: EntityManager,
  principal: Principal,
  businessId: string,
  request: ExportRequest,
  emailOf: (principal: Principal) => Promise<string | null>,
): Promise<DataExport> {
  await requireStaff(em, principal, businessId, 'exportData');
  if (request.kind === 'customers' && request.storeId) {
    throw AppError.badRequest('FILTER_NOT_APPLICABLE', 'A customers export cannot be limited to a store: cards belong to programs, not stores');
  }
  if (request.storeId && !(await em.findOne(Store, { id: request.storeId, businessId }))) throw AppError.notFound('Store');
  if (request.programId && !(await em.findOne(Program, { id: request.programId, businessId }))) throw AppError.notFound('Program');
  const { kind, format, ...filters } = request;
  const requesterEmail = await emailOf(principal);
  const id = uuidv7();
  return em.transactional(async (tx) => {
    const row = tx.create(DataExport, {
      id,
      businessId,
      customerId: null,
      kind,
      format,
      filters,
      status: 'pending',
      rows: 0,
      bytes: null,
      objectKey: exportObjectKey(businessId, id, format),
      uploadId: null,
      attempts: 0,
      claimedUntil: null,
      error: null,
      requestedBy: principal.sub,
      requesterEmail,
      emailLink: null,
      startedAt: null,
      completedAt: null,
    });
    await tx.flush();
    await writeEvent(tx, {
      type: 'export.requested',
      businessId,
      aggregateId: id,
      payload: { exportId: id, kind, format, requestedAt: row.createdAt.toISOString() },
    });
    return row;
  });
}

export async function getExport(em: EntityManager, principal: Principal, businessId: string, exportId: string): Promise<DataExport> {
  await requireStaff(em, principal, businessId, 'exportData');
  const row = await em.findOne(DataExport, { id: exportId, businessId });
  if (!row) throw AppError.notFound('Export');
  return row;
}

const position = z.object({ createdAt: z.iso.datetime(), id: z.uuid() });

/** Newest first: the export just asked for is the one looked for. */
export async function listExports(
  em: EntityManager,
  principal: Principal,
  businessId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<DataExport>> {
  await requireStaff(em, principal, businessId, 'exportData');
  const after = decodeCursor(page.cursor, position);
  const before = after ? { $or: [{ createdAt: { $lt: new Date(after.createdAt) } }, { createdAt: new Date(after.createdAt), id: { $lt: after.id } }] } : {};
  const rows = await em.find(DataExport, { businessId, ...before }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: page.limit + 1 });
  return toPage(rows, page.limit, (last) => ({ createdAt: last.createdAt.toISOString(), id: last.id }));
}
