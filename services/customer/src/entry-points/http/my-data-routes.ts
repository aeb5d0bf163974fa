import type { z } from 'zod';
import type { DataExport } from '@loyalty/db';
import { deleteAccount } from '../../use-cases/delete-account.js';
import { getMyExport, requestMyExport } from '../../use-cases/my-exports.js';
import type { CustomerApi, RouteDeps } from './routes.js';
import { myExportParams, myExportView } from './schemas.js';

export function addMyDataRoutes(api: CustomerApi, deps: RouteDeps): void {
  const view = async (row: DataExport): Promise<z.infer<typeof myExportView>> => {
    const link = row.status === 'ready' ? await deps.exportLink(row.objectKey) : null;
    return {
      id: row.id,
      kind: 'personal-data',
      format: 'jsonl',
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
    path: '/me/exports',
    operationId: 'requestMyExport',
    summary: 'Ask for everything held about me as a file; it is produced in the background',
    description:
      'The signed-in customer. Answers 202 with the pending export and its URL in `Location`; follow it until `status` is `ready`, then download `downloadUrl`. An email with a link follows when it is ready. ' +
      'The file is gzipped JSON Lines: the profile with its consents, then cards, transactions, ledger entries, rewards and point lots, one record a line. ' +
      'While one export is pending or running, asking again answers that one.',
    tags: ['my data'],
    responses: { 202: { description: 'Accepted, produced in the background', body: myExportView, headers: { location: 'URL of the export' } } },
    handle: async (ctx) => {
      const row = await requestMyExport(ctx.state.em, ctx.state.customer);
      ctx.status = 202;
      ctx.set('location', `/me/exports/${row.id}`);
      ctx.body = await view(row);
    },
  });

  api.add({
    method: 'get',
    path: '/me/exports/{exportId}',
    operationId: 'getMyExport',
    summary: 'My data export: its progress, and once ready a presigned download link',
    description:
      'The signed-in customer, their own exports only (another’s is 404). Once `ready`, `downloadUrl` is a presigned S3 GET of the gzipped file, valid until `expiresAt`; every answer makes a fresh one. `failed` is final, with `error`.',
    tags: ['my data'],
    params: myExportParams,
    responses: { 200: { description: 'The export', body: myExportView } },
    problems: { 404: 'NOT_FOUND' },
    handle: async (ctx, { params }) => {
      ctx.set('cache-control', 'no-store');
      ctx.body = await view(await getMyExport(ctx.state.em, ctx.state.customer, params.exportId));
    },
  });

  api.add({
    method: 'delete',
    path: '/me',
    operationId: 'deleteAccount',
    summary: 'Delete my account: personal data erased, cards closed, sign-in removed; the books keep their numbers',
    description:
      "The signed-in customer. Erases their personal data, closes their cards, voids unused redemption codes and removes their sign-in, for good; transactions stay, anonymous, so the businesses' books still add up. Their tokens stop working at once.",
    tags: ['my data'],
    responses: { 204: { description: 'Deleted' } },
    handle: async (ctx) => {
      await deleteAccount(ctx.state.em, ctx.state.customer, ctx.state.principal, deps.removeAccount);
      ctx.status = 204;
    },
  });
}
