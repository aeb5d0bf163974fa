import { z } from 'zod';
import { pageOf, pageQuery } from '@loyalty/platform';
import { cardHistory } from '../../use-cases/card-history.js';
import { cardQr } from '../../use-cases/card-qr.js';
import { enroll } from '../../use-cases/enroll.js';
import { issueRedemptionCode } from '../../use-cases/issue-redemption-code.js';
import { myCard, myCards } from '../../use-cases/my-cards.js';
import { myRewards } from '../../use-cases/my-rewards.js';
import type { CustomerApi, RouteDeps } from './routes.js';
import { cardParams, cardView, historyItemView, qrView, redemptionCodeView, redemptionTarget, rewardView } from './schemas.js';
import { toCardView, toHistoryItemView, toRewardView } from './representations.js';

export function addCardRoutes(api: CustomerApi, deps: RouteDeps): void {
  api.add({
    method: 'post',
    path: '/me/cards',
    operationId: 'enrollInProgram',
    summary: 'Enroll in an active program (enrolling twice returns the same card)',
    description:
      'The signed-in customer. Answers 201 with the new card, or 200 with the existing one when already enrolled, so a retry is safe. 409 PROGRAM_NOT_ACTIVE for a draft, paused or ended program.',
    tags: ['cards'],
    body: z.object({ programId: z.uuid() }),
    responses: {
      201: { description: 'Enrolled', body: cardView, headers: { location: 'URL of the card' } },
      200: { description: 'Already enrolled', body: cardView },
    },
    problems: { 404: 'NOT_FOUND', 409: 'PROGRAM_NOT_ACTIVE' },
    handle: async (ctx, { body }) => {
      const { card, created } = await enroll(ctx.state.em, ctx.state.customer, body.programId);
      ctx.status = created ? 201 : 200;
      ctx.set('location', `/me/cards/${card.id}`);
      ctx.body = toCardView(await myCard(ctx.state.em, ctx.state.customer, card.id));
    },
  });

  api.add({
    method: 'get',
    path: '/me/cards',
    operationId: 'listCards',
    summary: 'My cards, oldest first',
    description: 'The signed-in customer. Answers one page of their cards with balances and progress, oldest first; follow `nextCursor` for the next page.',
    tags: ['cards'],
    query: pageQuery,
    responses: { 200: { description: 'Cards', body: pageOf(cardView) } },
    handle: async (ctx, { query }) => {
      const page = await myCards(ctx.state.em, ctx.state.customer, query);
      ctx.body = { items: page.items.map(toCardView), nextCursor: page.nextCursor };
    },
  });

  api.add({
    method: 'get',
    path: '/me/cards/{cardId}',
    operationId: 'getCard',
    summary: 'One of my cards: balance, progress, expiring points, available rewards',
    description:
      "The signed-in customer, for their own cards only (another customer's card answers 404). Answers the balance, progress towards the next reward, points about to expire and the rewards available now.",
    tags: ['cards'],
    params: cardParams,
    responses: { 200: { description: 'Card', body: cardView } },
    problems: { 404: 'NOT_FOUND' },
    handle: async (ctx, { params }) => {
      ctx.body = toCardView(await myCard(ctx.state.em, ctx.state.customer, params.cardId));
    },
  });

  api.add({
    method: 'get',
    path: '/me/cards/{cardId}/qr',
    operationId: 'getCardQr',
    summary: 'A signed, short-lived QR payload the counter scans to find my card',
    description:
      'The signed-in customer. Answers a signed payload to render as a QR code and when it expires (a few minutes: fetch a new one then; a screenshot stops working). 409 CARD_CLOSED for a closed card.',
    tags: ['cards'],
    params: cardParams,
    responses: { 200: { description: 'QR payload', body: qrView } },
    problems: { 404: 'NOT_FOUND', 409: 'CARD_CLOSED' },
    handle: async (ctx, { params }) => {
      const qr = await cardQr(ctx.state.em, ctx.state.customer, params.cardId, deps.qr);
      ctx.set('cache-control', 'no-store');
      ctx.body = { payload: qr.payload, expiresAt: qr.expiresAt.toISOString() };
    },
  });

  api.add({
    method: 'get',
    path: '/me/cards/{cardId}/transactions',
    operationId: 'listCardTransactions',
    summary: "My card's history, newest first",
    description:
      'The signed-in customer, for their own cards. Answers one page of visits, purchases, redemptions and other changes with their effect, newest first; follow `nextCursor` for the next page.',
    tags: ['cards'],
    params: cardParams,
    query: pageQuery,
    responses: { 200: { description: 'Transactions', body: pageOf(historyItemView) } },
    problems: { 404: 'NOT_FOUND' },
    handle: async (ctx, { params, query }) => {
      const page = await cardHistory(ctx.state.em, deps.history, ctx.state.customer, params.cardId, query);
      ctx.body = { items: page.items.map(toHistoryItemView), nextCursor: page.nextCursor };
    },
  });

  api.add({
    method: 'post',
    path: '/me/cards/{cardId}/redemption-codes',
    operationId: 'issueRedemptionCode',
    summary: 'A one-time code (valid 5 minutes) the counter redeems for an unlocked or a catalog reward',
    description:
      'The signed-in customer. Answers a code to read out at the counter, valid once for 5 minutes; it reserves nothing, balance and stock are checked again when staff redeem it. 409 with the reason when the reward cannot be had now (e.g. INSUFFICIENT_BALANCE, OUT_OF_STOCK).',
    tags: ['rewards'],
    params: cardParams,
    body: redemptionTarget,
    responses: { 201: { description: 'Code issued', body: redemptionCodeView } },
    problems: {
      404: 'NOT_FOUND',
      409: 'CARD_SUSPENDED, CARD_CLOSED, PROGRAM_NOT_ACTIVE, REWARD_NOT_AVAILABLE, OUT_OF_STOCK, REWARD_LIMIT_REACHED, INSUFFICIENT_BALANCE',
    },
    handle: async (ctx, { params, body }) => {
      const issued = await issueRedemptionCode(ctx.state.em, ctx.state.customer, params.cardId, body);
      ctx.status = 201;
      ctx.set('cache-control', 'no-store');
      ctx.body = { code: issued.code, expiresAt: issued.expiresAt.toISOString() };
    },
  });

  api.add({
    method: 'get',
    path: '/me/rewards',
    operationId: 'listAvailableRewards',
    summary: 'Rewards I can have now, across my cards: unlocked ones, then catalog rewards I can afford',
    description:
      'The signed-in customer. Answers one page of rewards across all their cards: unlocked rewards first, then catalog rewards the balance affords; follow `nextCursor` for the next page.',
    tags: ['rewards'],
    query: pageQuery,
    responses: { 200: { description: 'Rewards', body: pageOf(rewardView) } },
    handle: async (ctx, { query }) => {
      const page = await myRewards(ctx.state.em, ctx.state.customer, query);
      ctx.body = { items: page.items.map(toRewardView), nextCursor: page.nextCursor };
    },
  });
}
