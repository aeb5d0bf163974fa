import { pageOf, pageQuery } from '@loyalty/platform';
import { programsNear, programsOfBrand } from '../../use-cases/discover-programs.js';
import type { CustomerApi } from './routes.js';
import { brandParams, nearQuery, programView } from './schemas.js';
import { toProgramView } from './representations.js';

export function addDiscoveryRoutes(api: CustomerApi): void {
  api.add({
    method: 'get',
    path: '/brands/{brandId}/programs',
    operationId: 'listBrandPrograms',
    summary: "A brand's active programs",
    description: "Any signed-in customer. Answers one page of the brand's active programs with their rules; 404 NOT_FOUND for an unknown brand.",
    tags: ['discovery'],
    params: brandParams,
    query: pageQuery,
    responses: { 200: { description: 'Programs', body: pageOf(programView) } },
    problems: { 404: 'NOT_FOUND' },
    handle: async (ctx, { params, query }) => {
      const page = await programsOfBrand(ctx.state.em, params.brandId, query);
      ctx.body = { items: page.items.map(toProgramView), nextCursor: page.nextCursor };
    },
  });

  api.add({
    method: 'get',
    path: '/programs',
    operationId: 'listNearbyPrograms',
    summary: 'Active programs with a store within radiusKm of near=lat,lng, nearest first',
    description:
      'Any signed-in customer. Answers one page of active programs that have a store within `radiusKm` of `near`, each with its nearest store and the distance, nearest first.',
    tags: ['discovery'],
    query: nearQuery,
    responses: { 200: { description: 'Programs with their nearest store', body: pageOf(programView) } },
    handle: async (ctx, { query }) => {
      const page = await programsNear(ctx.state.em, { ...query.near, radiusKm: query.radiusKm, limit: query.limit, cursor: query.cursor });
      ctx.body = { items: page.items.map(toProgramView), nextCursor: page.nextCursor };
    },
  });
}
