import { analyticsStores, analyticsSummary, customerInsights } from '../../use-cases/analytics.js';
import {
  analyticsParams,
  analyticsSummary as summaryView,
  customerInsights as insightsView,
  customersQuery,
  storeComparison,
  storesQuery,
  summaryQuery,
} from './analytics-schemas.js';
import type { AdminApi } from './routes.js';

const rateLimited = 'Rate-limited to RATE_LIMIT_ANALYTICS per business (100 an hour by default).';

/** Read-only figures from the analytics schema: the incremental aggregates and the scheduled insights. */
export function addAnalyticsRoutes(api: AdminApi): void {
  api.add({
    method: 'get',
    path: '/businesses/{businessId}/analytics/summary',
    operationId: 'getAnalyticsSummary',
    summary: 'Totals and a day-by-day series over a range of store-local days',
    description: `Any staff member of the business; staff limited to some stores must name one of theirs (\`storeId\`), else 403 STORE_NOT_ALLOWED. Days are the stores' local days, both ends included, at most 366. ${rateLimited}`,
    tags: ['analytics'],
    params: analyticsParams,
    query: summaryQuery,
    responses: { 200: { description: 'The totals and `byDay`', body: summaryView } },
    problems: { 403: 'FORBIDDEN, STORE_NOT_ALLOWED', 404: 'NOT_FOUND' },
    handle: async (ctx, { params, query }) => {
      const { totals, byDay } = await analyticsSummary(ctx.state.em, ctx.state.principal, { ...params, ...query });
      ctx.body = { from: query.from, to: query.to, storeId: query.storeId ?? null, programId: query.programId ?? null, ...totals, byDay };
    },
  });

  api.add({
    method: 'get',
    path: '/businesses/{businessId}/analytics/stores',
    operationId: 'getAnalyticsByStore',
    summary: 'The same totals per store, side by side',
    description: `Any staff member of the business; staff limited to some stores see theirs only. Every store is listed (zeros when quiet), oldest first, then \`storeId: null\` for what happened at no store. ${rateLimited}`,
    tags: ['analytics'],
    params: analyticsParams,
    query: storesQuery,
    responses: { 200: { description: 'One row per store', body: storeComparison } },
    problems: { 403: 'FORBIDDEN', 404: 'NOT_FOUND' },
    handle: async (ctx, { params, query }) => {
      const stores = await analyticsStores(ctx.state.em, ctx.state.principal, { ...params, ...query });
      ctx.body = { from: query.from, to: query.to, programId: query.programId ?? null, stores };
    },
  });

  api.add({
    method: 'get',
    path: '/businesses/{businessId}/analytics/customers',
    operationId: 'getCustomerInsights',
    summary: "A program's customer segments and insights, as the scheduled job last computed them",
    description: `Any staff member of the business not limited to some stores (403 STORE_NOT_ALLOWED). RFM segments, visit frequency, time to first reward, redemption rate and points liability; thresholds in docs/analytics.md. ${rateLimited}`,
    tags: ['analytics'],
    params: analyticsParams,
    query: customersQuery,
    responses: { 200: { description: 'The insights', body: insightsView } },
    problems: { 403: 'FORBIDDEN, STORE_NOT_ALLOWED', 404: 'NOT_FOUND' },
    handle: async (ctx, { params, query }) => {
      ctx.body = await customerInsights(ctx.state.em, ctx.state.principal, params.businessId, query.programId);
    },
  });
}
