import { Card, LedgerEntry, Lot, type EntityManager } from '@loyalty/db';
import { LockMode } from '@mikro-orm/core';
import { uuidv7, writeEvent } from '@loyalty/outbox';

export interface ExpiryRun {
  lots: number;
  points: number;
  cards: number;
}

/**
 * Expires what is left of every lot due by `now`, in batches of one transaction each. A batch claims
 * cards that have due lots with SKIP LOCKED, then locks their due lots: every writer of a card's lots
 * holds the card (FOR NO KEY UPDATE, like the processor's `lockForApply`: the counter's inserts never wait
 * for it), so those lots are this run's alone. A concurrent run, or a transaction being applied
 * to the card, makes this run pass over that card rather than wait (no deadlock) or expire it twice. A
 * run ends on an empty claim: every card left is held by another run, which expires it, or by a
 * transaction being applied, whose lots the next run takes.
 *
 * Only cards are claimed with SKIP LOCKED. Claiming lots and cards in one `FOR UPDATE OF l, c SKIP
 * LOCKED` locked a lot, skipped it when its card was taken, and kept that lot's lock until commit: two
 * overlapping runs could each end on an empty claim while the other held their last lot.
 */
export async function expireDueLots(em: EntityManager, now: Date = new Date(), batchSize = 500): Promise<ExpiryRun> {
  const run: ExpiryRun = { lots: 0, points: 0, cards: 0 };
  for (;;) {
    const batch = await em.fork().transactional((tx) => expireBatch(tx, now, batchSize));
    run.lots += batch.lots;
    run.points += batch.points;
    run.cards += batch.cards;
    if (batch.claimed === 0) return run;
  }
}

async function expireBatch(em: EntityManager, now: Date, batchSize: number): Promise<ExpiryRun & { claimed: number }> {
  const claimed = await em.execute<{ id: string }[]>(
    `select c.id from loyalty.cards c
      where exists (select 1 from loyalty.lots l where l.card_id = c.id and l.remaining > 0 and l.expires_at <= ?)
      limit ? for no key update of c skip locked`,
    [now, batchSize],
  );
  if (claimed.length === 0) return { lots: 0, points: 0, cards: 0, claimed: 0 };
  const cardIds = claimed.map((row) => row.id);
  // Re-read under the card locks: another run may have expired a claimed card's lots just before.
  const lots = await em.find(Lot, { cardId: { $in: cardIds }, remaining: { $gt: 0 }, expiresAt: { $lte: now } }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const byCard = Map.groupBy(lots, (lot) => lot.cardId);
  const cards = await em.find(Card, { id: { $in: [...byCard.keys()] } });

  let points = 0;
  for (const card of cards) {
    const expired = byCard.get(card.id) ?? [];
    const total = expired.reduce((sum, lot) => sum + lot.remaining, 0);
    for (const lot of expired) {
      em.create(LedgerEntry, {
        id: uuidv7(now.getTime()),
        businessId: card.businessId,
        cardId: card.id,
        lotId: lot.id,
        kind: 'expire',
        amount: -lot.remaining,
        createdAt: now,
      });
      lot.remaining = 0;
    }
    card.balance -= total;
    points += total;
    await writeEvent(em, {
      type: 'points.expired',
      businessId: card.businessId,
      aggregateId: card.id,
      payload: {
        cardId: card.id,
        programId: card.programId,
        customerId: card.customerId,
        points: total,
        lotIds: expired.map((lot) => lot.id),
        expiredAt: now.toISOString(),
      },
    });
  }
  await em.flush();
  return { lots: lots.length, points, cards: cards.length, claimed: claimed.length };
}
