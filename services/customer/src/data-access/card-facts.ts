import { CatalogReward, Program, Reward, type Card, type EntityManager } from '@loyalty/db';

export interface ExpiringSoon {
  points: number;
  earliest: Date;
}

/** Everything a card view needs beyond the card row, loaded for many cards in a fixed number of queries. */
export interface CardFacts {
  programs: Map<string, Program>;
  catalogByProgram: Map<string, CatalogReward[]>;
  unlockedByCard: Map<string, Reward[]>;
  /** `${cardId}:${catalogRewardId}` → rewards taken (held or redeemed), for per-customer limits. */
  taken: Map<string, number>;
  completedByCard: Map<string, number>;
  expiringByCard: Map<string, ExpiringSoon>;
}

export async function loadCardFacts(em: EntityManager, cards: Card[], expiringWithinDays: number, now: Date): Promise<CardFacts> {
  const cardIds = cards.map((c) => c.id);
  const programIds = [...new Set(cards.map((c) => c.programId))];
  if (cardIds.length === 0)
    return {
      programs: new Map(),
      catalogByProgram: new Map(),
      unlockedByCard: new Map(),
      taken: new Map(),
      completedByCard: new Map(),
      expiringByCard: new Map(),
    };

  const [programs, catalog, unlocked, taken, completed, expiring] = await Promise.all([
    em.find(Program, { id: { $in: programIds } }),
    em.find(CatalogReward, { programId: { $in: programIds }, status: 'active' }, { orderBy: { cost: 'asc', id: 'asc' } }),
    em.find(Reward, { cardId: { $in: cardIds }, status: 'available' }, { orderBy: { unlockedAt: 'asc', id: 'asc' } }),
    em.execute<{ card_id: string; catalog_reward_id: string; taken: string }[]>(
      `select card_id, catalog_reward_id, count(*) as taken from loyalty.rewards
        where card_id in (?) and catalog_reward_id is not null and status <> 'cancelled' group by card_id, catalog_reward_id`,
      [cardIds],
    ),
    em.execute<{ card_id: string; completed: number }[]>(
      `select card_id, max(card_number_completed) as completed from loyalty.rewards
        where card_id in (?) and card_number_completed is not null group by card_id`,
      [cardIds],
    ),
    em.execute<{ card_id: string; points: string; earliest: string }[]>(
      `select card_id, sum(remaining) as points, min(expires_at) as earliest from loyalty.lots
        where card_id in (?) and remaining > 0 and expires_at > ? and expires_at <= ?::timestamptz + make_interval(days => ?)
        group by card_id`,
      [cardIds, now, now, expiringWithinDays],
    ),
  ]);

  return {
    programs: new Map(programs.map((p) => [p.id, p])),
    catalogByProgram: Map.groupBy(catalog, (r) => r.programId),
    unlockedByCard: Map.groupBy(unlocked, (r) => r.cardId),
    taken: new Map(taken.map((t) => [`${t.card_id}:${t.catalog_reward_id}`, Number(t.taken)])),
    completedByCard: new Map(completed.map((c) => [c.card_id, Number(c.completed)])),
    expiringByCard: new Map(expiring.map((e) => [e.card_id, { points: Number(e.points), earliest: new Date(e.earliest) }])),
  };
}
