import { deleteAccount } from '../../use-cases/delete-account.js';
import { exportMyData } from '../../use-cases/export-my-data.js';
import type { CustomerApi, RouteDeps } from './routes.js';
import { exportView } from './schemas.js';
import { toConsentsView, toProfileView } from './representations.js';

export function addMyDataRoutes(api: CustomerApi, deps: RouteDeps): void {
  api.add({
    method: 'get',
    path: '/me/export',
    operationId: 'exportMyData',
    summary: 'Everything held about me, as a JSON download',
    description:
      'The signed-in customer. Answers, as a JSON attachment, their profile and consents, cards, transactions, rewards and point lots: everything the platform holds about them.',
    tags: ['my data'],
    responses: { 200: { description: 'My data', body: exportView, headers: { 'content-disposition': 'attachment; filename="my-loyalty-data.json"' } } },
    handle: async (ctx) => {
      const data = await exportMyData(ctx.state.em, ctx.state.customer);
      ctx.set('content-disposition', 'attachment; filename="my-loyalty-data.json"');
      ctx.set('cache-control', 'no-store');
      ctx.body = {
        exportedAt: data.exportedAt.toISOString(),
        profile: { ...toProfileView(data.profile), consents: toConsentsView(data.profile.consents) },
        cards: data.cards,
        transactions: data.transactions,
        rewards: data.rewards,
        lots: data.lots,
      };
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
