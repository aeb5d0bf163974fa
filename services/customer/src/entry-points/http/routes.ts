import { z } from 'zod';
import { ApiRouter } from '@loyalty/platform';
import type { Card, Customer, EntityManager, Program } from '@loyalty/db';
import type { TokenVerifier } from '@loyalty/identity';
import type { ProfileSource } from '../../data-access/cognito-profile.js';
import { currentCustomer } from '../../use-cases/customers.js';
import { enroll, listActivePrograms, myCards } from '../../use-cases/cards.js';

export interface RouteDeps {
  em: () => EntityManager;
  verifier: TokenVerifier;
  profiles: ProfileSource;
}

export interface CustomerState {
  customer: Customer;
  em: EntityManager;
  body: unknown;
}

const programView = z
  .object({ id: z.uuid(), brandId: z.uuid(), name: z.string(), kind: z.literal('stamp'), stampsRequired: z.number().int(), rewardDescription: z.string() })
  .meta({ id: 'Program' });
const cardView = z
  .object({ id: z.uuid(), programId: z.uuid(), cardNumber: z.string(), stamps: z.number().int(), rewardsEarned: z.number().int() })
  .meta({ id: 'Card' });

export function customerApi(deps: RouteDeps): ApiRouter<CustomerState> {
  const api = new ApiRouter<CustomerState>({ title: 'Loyalty customer API', version: '1', description: 'For the customer apps.' });

  api.use(async (ctx, next) => {
    const principal = await deps.verifier.verify(ctx.get('authorization'));
    ctx.state.em = deps.em();
    ctx.state.customer = await currentCustomer(ctx.state.em, principal, deps.profiles);
    await next();
  });

  api.add({
    method: 'get',
    path: '/programs',
    summary: 'Active programs to enroll in',
    tags: ['programs'],
    responses: { 200: { description: 'Programs', body: z.object({ items: z.array(programView) }) } },
    handle: async (ctx) => {
      const programs = await listActivePrograms(ctx.state.em);
      ctx.body = { items: programs.map(toProgramView) };
    },
  });

  api.add({
    method: 'post',
    path: '/me/cards',
    summary: 'Enroll in a program (enrolling twice returns the same card)',
    tags: ['cards'],
    body: z.object({ programId: z.uuid() }),
    responses: { 201: { description: 'Enrolled', body: cardView }, 200: { description: 'Already enrolled', body: cardView } },
    problems: { 404: 'NOT_FOUND' },
    handle: async (ctx, { body }) => {
      const { card, created } = await enroll(ctx.state.em, ctx.state.customer, body.programId);
      ctx.status = created ? 201 : 200;
      ctx.set('location', `/me/cards/${card.id}`);
      ctx.body = toCardView(card);
    },
  });

  api.add({
    method: 'get',
    path: '/me/cards',
    summary: 'My cards',
    tags: ['cards'],
    responses: { 200: { description: 'Cards', body: z.object({ items: z.array(cardView.extend({ program: programView })) }) } },
    handle: async (ctx) => {
      const cards = await myCards(ctx.state.em, ctx.state.customer);
      ctx.body = { items: cards.map(({ card, program }) => ({ ...toCardView(card), program: toProgramView(program) })) };
    },
  });

  return api;
}

function toProgramView(program: Program): z.infer<typeof programView> {
  return { id: program.id, brandId: program.brandId, name: program.name, kind: program.kind, stampsRequired: program.stampsRequired, rewardDescription: program.rewardDescription };
}

function toCardView(card: Card): z.infer<typeof cardView> {
  return { id: card.id, programId: card.programId, cardNumber: card.cardNumber, stamps: card.stamps, rewardsEarned: card.rewardsEarned };
}
