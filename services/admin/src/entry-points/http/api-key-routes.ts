import type { z } from 'zod';
import type { ApiKey } from '@loyalty/db';
import { issueApiKey, listApiKeys, revokeApiKey } from '../../use-cases/api-keys.js';
import { created, location } from './answers.js';
import { apiKeyBody, apiKeyList, apiKeyParams, type apiKeyView, issuedApiKeyView } from './api-key-schemas.js';
import { storeParams } from './business-schemas.js';
import { requestOrigin } from '@loyalty/platform/http';
import type { AdminApi } from './routes.js';

/** POS terminal keys, one store each (owner, admin). */
export function addApiKeyRoutes(api: AdminApi): void {
  api.add({
    method: 'post',
    path: '/businesses/{businessId}/stores/{storeId}/api-keys',
    operationId: 'issueApiKey',
    summary: 'Issue an API key for a POS terminal of this store; the key is shown only in this answer (owner, admin)',
    description:
      'Owners and admins. Terminals send it as `Authorization: ApiKey <key>` or `X-Api-Key: <key>`. A key may only record transactions and read them back, for its store.',
    tags: ['api keys'],
    params: storeParams,
    body: apiKeyBody,
    responses: { 201: { description: 'Issued', body: issuedApiKeyView, headers: location } },
    problems: { 403: 'FORBIDDEN', 404: 'NOT_FOUND' },
    handle: async (ctx, { params, body }) => {
      const { apiKey, key } = await issueApiKey(ctx.state.em, ctx.state.principal, params, body.name, requestOrigin(ctx));
      created(ctx, `/businesses/${params.businessId}/stores/${params.storeId}/api-keys/${apiKey.id}`, { ...toApiKeyView(apiKey), key });
    },
  });

  api.add({
    method: 'get',
    path: '/businesses/{businessId}/stores/{storeId}/api-keys',
    operationId: 'listApiKeys',
    summary: 'The store’s API keys, revoked ones included, without their secrets (owner, admin)',
    description: 'Owners and admins. Answers every key of the store, oldest first, with its prefix, last use and revocation time; never the key itself.',
    tags: ['api keys'],
    params: storeParams,
    responses: { 200: { description: 'The keys, oldest first', body: apiKeyList } },
    problems: { 403: 'FORBIDDEN', 404: 'NOT_FOUND' },
    handle: async (ctx, { params }) => {
      ctx.body = { items: (await listApiKeys(ctx.state.em, ctx.state.principal, params)).map(toApiKeyView) };
    },
  });

  api.add({
    method: 'delete',
    path: '/businesses/{businessId}/stores/{storeId}/api-keys/{keyId}',
    operationId: 'revokeApiKey',
    summary: 'Revoke an API key; it stops working at once (owner, admin)',
    description: 'Owners and admins. The key is refused from the next request on; it stays listed with `revokedAt`. Revoking a revoked key answers 204 again.',
    tags: ['api keys'],
    params: apiKeyParams,
    responses: { 204: { description: 'Revoked' } },
    problems: { 403: 'FORBIDDEN', 404: 'NOT_FOUND' },
    handle: async (ctx, { params }) => {
      await revokeApiKey(ctx.state.em, ctx.state.principal, params, params.keyId, requestOrigin(ctx));
      ctx.status = 204;
    },
  });
}

function toApiKeyView(apiKey: ApiKey): z.infer<typeof apiKeyView> {
  return {
    id: apiKey.id,
    name: apiKey.name,
    prefix: apiKey.prefix,
    storeId: apiKey.storeId,
    createdAt: apiKey.createdAt.toISOString(),
    lastUsedAt: apiKey.lastUsedAt?.toISOString() ?? null,
    revokedAt: apiKey.revokedAt?.toISOString() ?? null,
  };
}
