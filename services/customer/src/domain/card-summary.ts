import type { Card, CatalogReward, Program, Reward } from '@loyalty/db/model';
import { catalogRefusal, nextCatalogGoal } from './catalog-eligibility.js';
import type { ProgramTerms } from './program-terms.js';

export type Progress =
  | { kind: 'stamp'; stamps: number; stampsRequired: number; stampsMissing: number }
  | { kind: 'points'; points: number; nextReward: { catalogRewardId: string; name: string; cost: number } | null; pointsMissing: number | null };

export type AvailableReward =
  | { type: 'unlocked'; rewardId: string; cardId: string; programId: string; description: string; unlockedAt: Date }
  | { type: 'catalog'; catalogRewardId: string; cardId: string; programId: string; name: string; description: string; cost: number; validUntil: Date | null };

export interface CardSummary {
  card: Card;
  program: Program;
  terms: ProgramTerms;
  progress: Progress;
  expiringSoon: { points: number; earliest: Date } | null;
  completedCards: number;
  availableRewards: AvailableReward[];
}

export interface CardSummaryInput {
  card: Card;
  program: Program;
  terms: ProgramTerms;
  catalog: CatalogReward[];
  unlocked: Reward[];
  taken: (catalogRewardId: string) => number;
  completedCards: number;
  expiringSoon: { points: number; earliest: Date } | null;
}

export function summariseCard(input: CardSummaryInput, now: Date): CardSummary {
  const { card, program, terms, catalog } = input;
  const standing = (reward: CatalogReward) => ({ balance: card.balance, alreadyTaken: input.taken(reward.id) });
  return {
    card,
    program,
    terms,
    progress: progressOf(card, terms, nextCatalogGoal(catalog, standing, now)),
    expiringSoon: input.expiringSoon,
    completedCards: input.completedCards,
    availableRewards: canRedeem(card, program) ? availableRewards(input, standing, now) : [],
  };
}

/** Paused programs still honour what customers hold; a suspended or closed card redeems nothing. */
function canRedeem(card: Card, program: Program): boolean {
  return card.status === 'active' && (program.status === 'active' || program.status === 'paused');
}

function progressOf(card: Card, terms: ProgramTerms, goal: CatalogReward | null): Progress {
  if (terms.kind === 'stamp') {
    return { kind: 'stamp', stamps: card.balance, stampsRequired: terms.stampsRequired, stampsMissing: Math.max(0, terms.stampsRequired - card.balance) };
  }
  return {
    kind: 'points',
    points: card.balance,
    nextReward: goal ? { catalogRewardId: goal.id, name: goal.name, cost: goal.cost } : null,
    pointsMissing: goal ? goal.cost - card.balance : null,
  };
}

function availableRewards(
  input: CardSummaryInput,
  standing: (reward: CatalogReward) => { balance: number; alreadyTaken: number },
  now: Date,
): AvailableReward[] {
  const { card } = input;
  const unlocked: AvailableReward[] = input.unlocked.map((reward) => ({
    type: 'unlocked',
    rewardId: reward.id,
    cardId: card.id,
    programId: card.programId,
    description: reward.description,
    unlockedAt: reward.unlockedAt,
  }));
  const affordable: AvailableReward[] = input.catalog
    .filter((reward) => catalogRefusal(reward, standing(reward), now) === null)
    .map((reward) => ({
      type: 'catalog',
      catalogRewardId: reward.id,
      cardId: card.id,
      programId: card.programId,
      name: reward.name,
      description: reward.description,
      cost: reward.cost,
      validUntil: reward.validUntil ?? null,
    }));
  return [...unlocked, ...affordable];
}
