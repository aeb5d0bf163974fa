import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { exportFormats, exportKinds, exportStatuses, type ExportFilters } from './vocabulary.js';

/** A data export: what was asked for, by whom, and how far the exporter got. A business's, or a customer's own (`personal-data`). */
export const DataExport = defineEntity({
  name: 'DataExport',
  schema: 'business',
  tableName: 'exports',
  properties: {
    id: p.uuid().primary(),
    businessId: p.uuid().nullable(),
    customerId: p.uuid().nullable(),
    kind: p.enum(exportKinds),
    format: p.enum(exportFormats),
    filters: p.json<ExportFilters>(),
    status: p.enum(exportStatuses),
    rows: p.bigint('number'),
    bytes: p.bigint('number').nullable(),
    objectKey: p.text(),
    uploadId: p.text().nullable(),
    attempts: p.integer(),
    claimedUntil: p.datetime().nullable(),
    error: p.text().nullable(),
    requestedBy: p.text(),
    requesterEmail: p.text().nullable(),
    /** A presigned link made when the file is ready, for the email; the API makes a fresh one per request. */
    emailLink: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    startedAt: p.datetime().nullable(),
    completedAt: p.datetime().nullable(),
  },
});
export type DataExport = InferEntity<typeof DataExport>;
