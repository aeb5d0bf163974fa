import { addCatalogReward, archiveCatalogReward, getCatalogReward, listCatalogRewards, updateCatalogReward } from '../../use-cases/catalog.js';
import { created, location } from './answers.js';
import { toCatalogRewardView, toPageView } from './business-representations.js';
import { catalogRewardPage, catalogRewardView, programParams, rewardBody, rewardChanges, rewardParams, rewardQuery } from './business-schemas.js';
import type { AdminApi } from './routes.js';

/** Each program's reward catalog: what customers can spend their stamps or points on. */
export function addCatalogRoutes(api: AdminApi): void {
  api.add({
    method: 'post',
    path: '/businesses/{businessId}/programs/{programId}/rewards',
    summary: 'Add a reward to the catalog (owner, admin, manager)',
    tags: ['catalog'],
    params: programParams,
    body: rewardBody,
    responses: { 201: { description: 'Created', body: catalogRewardView, headers: location } },
    problems: { 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'PROGRAM_ENDED' },
    handle: async (ctx, { params, body }) => {
      const reward = await addCatalogReward(ctx.state.em, ctx.state.principal, params, body);
      created(ctx, `/businesses/${params.businessId}/programs/${params.programId}/rewards/${reward.id}`, toCatalogRewardView(reward));
    },
  });

  api.add({
    method: 'get',
    path: '/businesses/{businessId}/programs/{programId}/rewards',
    summary: 'The catalog, oldest first: active rewards, or archived ones with `status=archived`',
    tags: ['catalog'],
    params: programParams,
    query: rewardQuery,
    responses: { 200: { description: 'A page of rewards', body: catalogRewardPage } },
    problems: { 400: 'INVALID_CURSOR', 404: 'NOT_FOUND' },
    handle: async (ctx, { params, query }) => {
      ctx.body = toPageView(await listCatalogRewards(ctx.state.em, ctx.state.principal, params, query), toCatalogRewardView);
    },
  });

  api.add({
    method: 'get',
    path: '/businesses/{businessId}/programs/{programId}/rewards/{rewardId}',
    summary: 'A catalog reward',
    tags: ['catalog'],
    params: rewardParams,
    responses: { 200: { description: 'The reward', body: catalogRewardView } },
    problems: { 404: 'NOT_FOUND' },
    handle: async (ctx, { params }) => {
      ctx.body = toCatalogRewardView(await getCatalogReward(ctx.state.em, ctx.state.principal, params, params.rewardId));
    },
  });

  api.add({
    method: 'patch',
    path: '/businesses/{businessId}/programs/{programId}/rewards/{rewardId}',
    summary: 'Change a catalog reward (not once archived)',
    tags: ['catalog'],
    params: rewardParams,
    body: rewardChanges,
    responses: { 200: { description: 'The changed reward', body: catalogRewardView } },
    problems: { 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'REWARD_ARCHIVED' },
    handle: async (ctx, { params, body }) => {
      ctx.body = toCatalogRewardView(await updateCatalogReward(ctx.state.em, ctx.state.principal, params, params.rewardId, body));
    },
  });

  api.add({
    method: 'delete',
    path: '/businesses/{businessId}/programs/{programId}/rewards/{rewardId}',
    summary: 'Archive a catalog reward: it can no longer be redeemed; past redemptions keep it',
    tags: ['catalog'],
    params: rewardParams,
    responses: { 204: { description: 'Archived' } },
    problems: { 403: 'FORBIDDEN', 404: 'NOT_FOUND' },
    handle: async (ctx, { params }) => {
      await archiveCatalogReward(ctx.state.em, ctx.state.principal, params, params.rewardId);
      ctx.status = 204;
    },
  });
}
