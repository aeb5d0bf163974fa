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
    operationId: 'addCatalogReward',
    summary: 'Add a reward to the catalog (owner, admin, manager)',
    description: 'Owners, admins and managers. Answers the new reward with its cost in stamps or points; 409 PROGRAM_ENDED for an ended program.',
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
    operationId: 'listCatalogRewards',
    summary: 'The catalog, oldest first: active rewards, or archived ones with `status=archived`',
    description: "Any staff member of the business. Answers one page of the program's rewards, oldest first; follow `nextCursor` for the next page.",
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
    operationId: 'getCatalogReward',
    summary: 'A catalog reward',
    description: 'Any staff member of the business. Answers the reward, archived or not.',
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
    operationId: 'updateCatalogReward',
    summary: 'Change a catalog reward (not once archived)',
    description: 'Owners, admins and managers. Changes only the fields sent and answers the changed reward; 409 REWARD_ARCHIVED once archived.',
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
    operationId: 'archiveCatalogReward',
    summary: 'Archive a catalog reward: it can no longer be redeemed; past redemptions keep it',
    description:
      'Owners, admins and managers. Customers can no longer redeem it; it stays readable with `status=archived`, and past redemptions keep pointing at it.',
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
