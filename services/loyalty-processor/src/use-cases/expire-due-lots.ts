import { Card, LedgerEntry, Lot, type EntityManager } from '@loyalty/db';
import { uuidv7, writeEvent } from '@loyalty/outbox';

export interface ExpiryRun {
  lots: number;
  points: number;
  cards: number;
}

/**
 * Expires what is left of every lot due by `now`, in batches of one transaction each. Lots and their
 * cards are claimed with SKIP LOCKED: a concurrent run, or a transaction being applied to the card,
 * makes this run pass over those rows rather than wait (no deadlock) or expire them twice. A run ends
 * only on an empty batch: a short one may just mean another run holds the rest for the moment.
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
    `select l.id from loyalty.lots l join loyalty.cards c on c.id = l.card_id
      where l.remaining > 0 and l.expires_at <= ?
      order by l.expires_at limit ? for update of l, c skip locked`,
    [now, batchSize],
  );
  if (claimed.length === 0) return { lots: 0, points: 0, cards: 0, claimed: 0 };
  const lots = await em.find(Lot, { id: { $in: claimed.map((row) => row.id) } });
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
