import Router from '@koa/router';
import { z } from 'zod';
import { parseInput } from '@loyalty/platform';
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

interface CustomerState {
  customer: Customer;
  em: EntityManager;
  body: unknown;
}

const enrollBody = z.object({ programId: z.uuid() });

export function customerRoutes(deps: RouteDeps): Router {
  const router = new Router<CustomerState>();

  router.use(async (ctx, next) => {
    const principal = await deps.verifier.verify(ctx.get('authorization'));
    ctx.state.em = deps.em();
    ctx.state.customer = await currentCustomer(ctx.state.em, principal, deps.profiles);
    await next();
  });

  router.get('/programs', async (ctx) => {
    const programs = await listActivePrograms(ctx.state.em);
    ctx.body = { items: programs.map(programView) };
  });

  router.post('/me/cards', async (ctx) => {
    const { programId } = parseInput(enrollBody, ctx.state.body);
    const { card, created } = await enroll(ctx.state.em, ctx.state.customer, programId);
    ctx.status = created ? 201 : 200;
    ctx.set('location', `/me/cards/${card.id}`);
    ctx.body = cardView(card);
  });

  router.get('/me/cards', async (ctx) => {
    const cards = await myCards(ctx.state.em, ctx.state.customer);
    ctx.body = { items: cards.map(({ card, program }) => ({ ...cardView(card), program: programView(program) })) };
  });

  return router;
}

function programView(program: Program) {
  return { id: program.id, brandId: program.brandId, name: program.name, kind: program.kind, stampsRequired: program.stampsRequired, rewardDescription: program.rewardDescription };
}

function cardView(card: Card) {
  return { id: card.id, programId: card.programId, cardNumber: card.cardNumber, stamps: card.stamps, rewardsEarned: card.rewardsEarned };
}
