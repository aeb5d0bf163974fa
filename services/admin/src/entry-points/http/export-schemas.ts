import { z } from 'zod';
import { pageOf, pageQuery } from '@loyalty/platform';
import { businessExportKinds, exportFormats, exportStatuses } from '@loyalty/db';
import { businessParams } from './schemas.js';

const id = z.uuid();
const timestamp = z.iso.datetime();
const moment = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .meta({ description: 'A date (the UTC day from 00:00) or a date-time with its offset', example: '2026-11-01' });

export const exportBody = z
  .strictObject({
    kind: z.enum(businessExportKinds).meta({ description: '`transactions`, `customers` (one row per card), `ledger`, `analytics` (the summary’s days)' }),
    format: z.enum(exportFormats).meta({ description: 'CSV (RFC 4180, UTF-8 with BOM, header row) or JSON Lines; either gzipped' }),
    from: moment.optional().meta({ description: 'Rows from this moment on (inclusive)' }),
    to: moment.optional().meta({ description: 'Rows before this moment (exclusive)' }),
    storeId: id.optional().meta({ description: 'Only this store (transactions, ledger)' }),
    programId: id.optional().meta({ description: 'Only cards of this program' }),
  })
  .refine((body) => !body.from || !body.to || new Date(body.from) < new Date(body.to), { path: ['to'], message: 'must be after from' });

export const exportParams = businessParams.extend({ exportId: id });

export const exportView = z
  .object({
    id,
    kind: z.enum(businessExportKinds),
    format: z.enum(exportFormats),
    status: z.enum(exportStatuses),
    rows: z.number().int().meta({ description: 'Written so far while running; all of them once ready' }),
    bytes: z.number().int().nullable().meta({ description: 'Size of the gzipped file, once ready' }),
    downloadUrl: z.url().nullable().meta({ description: 'A presigned S3 GET of the gzipped file, made for this answer; null until ready' }),
    expiresAt: timestamp.nullable().meta({ description: 'When `downloadUrl` stops working; ask again for a fresh one' }),
    error: z.string().nullable().meta({ description: 'Why the last attempt failed (it is retried unless status is failed)' }),
    createdAt: timestamp,
    completedAt: timestamp.nullable(),
  })
  .meta({ id: 'Export' });

export const exportPage = pageOf(exportView).meta({ id: 'ExportPage' });
export const exportListQuery = pageQuery;
