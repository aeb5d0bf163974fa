import { pageOf, pageQuery } from '@loyalty/platform';
import { programsNear, programsOfBrand } from '../../use-cases/discover-programs.js';
import type { CustomerApi } from './routes.js';
import { brandParams, nearQuery, programView } from './schemas.js';
import { toProgramView } from './representations.js';

export function addDiscoveryRoutes(api: CustomerApi): void {
  api.add({
    method: 'get',
    path: '/brands/{brandId}/programs',
    summary: "A brand's active programs",
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
    summary: 'Active programs with a store within radiusKm of near=lat,lng, nearest first',
    tags: ['discovery'],
    query: nearQuery,
    responses: { 200: { description: 'Programs with their nearest store', body: pageOf(programView) } },
    handle: async (ctx, { query }) => {
      const page = await programsNear(ctx.state.em, { ...query.near, radiusKm: query.radiusKm, limit: query.limit, cursor: query.cursor });
      ctx.body = { items: page.items.map(toProgramView), nextCursor: page.nextCursor };
    },
  });
}
