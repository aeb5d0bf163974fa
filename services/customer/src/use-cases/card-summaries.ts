import type { Card, EntityManager } from '@loyalty/db';
import { loadCardFacts } from '../data-access/card-facts.js';
import { summariseCard, type CardSummary } from '../domain/card-summary.js';
import { programTerms } from '../domain/program-terms.js';

export const EXPIRING_WITHIN_DAYS = 30;

export async function summariseCards(em: EntityManager, cards: Card[], now = new Date()): Promise<CardSummary[]> {
  const facts = await loadCardFacts(em, cards, EXPIRING_WITHIN_DAYS, now);
  return cards.map((card) => {
    const program = facts.programs.get(card.programId)!;
    return summariseCard(
      {
        card,
        program,
        terms: programTerms(program),
        catalog: facts.catalogByProgram.get(program.id) ?? [],
        unlocked: facts.unlockedByCard.get(card.id) ?? [],
        taken: (catalogRewardId) => facts.taken.get(`${card.id}:${catalogRewardId}`) ?? 0,
        completedCards: facts.completedByCard.get(card.id) ?? 0,
        expiringSoon: facts.expiringByCard.get(card.id) ?? null,
      },
      now,
    );
  });
}
