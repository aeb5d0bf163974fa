import type { z } from 'zod';
import { isBusinessExportKind, type DataExport } from '@loyalty/db';
import type { PresignedUrl } from '@loyalty/topology';
import { getExport, listExports, requestExport } from '../../use-cases/exports.js';
import { exportBody, exportListQuery, exportPage, exportParams, exportView } from './export-schemas.js';
import type { AdminApi } from './routes.js';
import { businessParams } from './schemas.js';

export interface ExportServices {
  /** A fresh presigned GET of a ready export's file. */
  link(objectKey: string): Promise<PresignedUrl>;
  /** Where the "export ready" email goes: the requester's own address. */
  requesterEmail(accessToken: string): Promise<string | null>;
}

/** Data exports: asked for here, produced by services/exporter, fetched from S3 by presigned link (owner, admin). */
export function addExportRoutes(api: AdminApi, services: ExportServices): void {
  const view = async (row: DataExport): Promise<z.infer<typeof exportView>> => {
    if (!isBusinessExportKind(row.kind)) throw new Error(`export ${row.id} is a customer's, not a business's`);
    const link = row.status === 'ready' ? await services.link(row.objectKey) : null;
    return {
      id: row.id,
      kind: row.kind,
      format: row.format,
      status: row.status,
      rows: row.rows,
      bytes: row.bytes ?? null,
      downloadUrl: link?.url ?? null,
      expiresAt: link?.expiresAt.toISOString() ?? null,
      error: row.error ?? null,
      createdAt: row.createdAt.toISOString(),
      completedAt: row.completedAt?.toISOString() ?? null,
    };
  };

  api.add({
    method: 'post',
    path: '/businesses/{businessId}/exports',
    operationId: 'requestExport',
    summary: 'Ask for a data export; it is produced in the background (owner, admin)',
    description:
      'Owners and admins. Answers 202 with the pending export and its URL in `Location`; follow it until `status` is `ready`, then download `downloadUrl`. The requester also gets an email with a link. ' +
      '`analytics` holds the days of `GET …/analytics/summary` (`byDay`) under the same filters; a customers export takes no `storeId` (400 FILTER_NOT_APPLICABLE).',
    tags: ['exports'],
    params: businessParams,
    body: exportBody,
    responses: { 202: { description: 'Accepted, produced in the background', body: exportView, headers: { location: 'URL of the export' } } },
    problems: { 400: 'FILTER_NOT_APPLICABLE', 403: 'FORBIDDEN', 404: 'NOT_FOUND' },
    handle: async (ctx, { params, body }) => {
      const row = await requestExport(ctx.state.em, ctx.state.principal, params.businessId, body, (principal) => services.requesterEmail(principal.token));
      ctx.status = 202;
      ctx.set('location', `/businesses/${params.businessId}/exports/${row.id}`);
      ctx.body = await view(row);
    },
  });

  api.add({
    method: 'get',
    path: '/businesses/{businessId}/exports/{exportId}',
    operationId: 'getExport',
    summary: 'An export: its progress, and once ready a presigned download link (owner, admin)',
    description:
      'Owners and admins. `rows` grows while it runs. Once `ready`, `downloadUrl` is a presigned S3 GET of the gzipped file, valid until `expiresAt`; every answer makes a fresh one. `failed` is final, with `error`.',
    tags: ['exports'],
    params: exportParams,
    responses: { 200: { description: 'The export', body: exportView } },
    problems: { 403: 'FORBIDDEN', 404: 'NOT_FOUND' },
    handle: async (ctx, { params }) => {
      ctx.body = await view(await getExport(ctx.state.em, ctx.state.principal, params.businessId, params.exportId));
    },
  });

  api.add({
    method: 'get',
    path: '/businesses/{businessId}/exports',
    operationId: 'listExports',
    summary: 'Past exports, newest first (owner, admin)',
    description:
      'Owners and admins. Answers one page of exports, newest first, each as `GET /businesses/{businessId}/exports/{exportId}` answers it; follow `nextCursor` for the next page.',
    tags: ['exports'],
    params: businessParams,
    query: exportListQuery,
    responses: { 200: { description: 'A page of exports', body: exportPage } },
    problems: { 400: 'INVALID_CURSOR', 403: 'FORBIDDEN', 404: 'NOT_FOUND' },
    handle: async (ctx, { params, query }) => {
      const page = await listExports(ctx.state.em, ctx.state.principal, params.businessId, query);
      ctx.body = { items: await Promise.all(page.items.map(view)), nextCursor: page.nextCursor };
    },
  });
}
