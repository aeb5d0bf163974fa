import { Lot, type EntityManager } from '@loyalty/db';
import { writeEvent } from '@loyalty/outbox';

interface ExpiringLot {
  id: string;
  business_id: string;
  card_id: string;
  program_id: string;
  program_name: string;
  remaining: number;
  expires_at: Date;
  customer_id: string;
  email: string | null;
  display_name: string;
}

/**
 * Tells customers, once per lot, that points expire within their program's `expiringNoticeDays`.
 * Batched and SKIP LOCKED like expiry, so concurrent runs never announce a lot twice.
 */
export async function announceExpiringLots(em: EntityManager, now: Date = new Date(), batchSize = 500): Promise<number> {
  let announced = 0;
  for (;;) {
    const batch = await em.fork().transactional((tx) => announceBatch(tx, now, batchSize));
    announced += batch;
    if (batch === 0) return announced;
  }
}

async function announceBatch(em: EntityManager, now: Date, batchSize: number): Promise<number> {
  const rows = await em.execute<ExpiringLot[]>(
    `select l.id, l.business_id, l.card_id, l.remaining, l.expires_at, c.program_id, p.name as program_name,
            cu.id as customer_id, cu.email, cu.display_name
       from loyalty.lots l
       join loyalty.cards c on c.id = l.card_id
       join loyalty.programs p on p.id = c.program_id
       join customer.customers cu on cu.id = c.customer_id
      where l.remaining > 0 and l.expiring_notified_at is null and p.kind = 'points'
        and l.expires_at > ? and l.expires_at <= ?::timestamptz + make_interval(days => coalesce((p.rules->>'expiringNoticeDays')::int, 14))
      order by l.expires_at limit ? for update of l skip locked`,
    [now, now, batchSize],
  );
  if (rows.length === 0) return 0;
  await em.nativeUpdate(Lot, { id: { $in: rows.map((row) => row.id) } }, { expiringNotifiedAt: now });
  for (const row of rows) {
    await writeEvent(em, {
      type: 'points.expiring',
      businessId: row.business_id,
      aggregateId: row.card_id,
      payload: {
        cardId: row.card_id,
        programId: row.program_id,
        programName: row.program_name,
        lotId: row.id,
        points: row.remaining,
        expiresAt: new Date(row.expires_at).toISOString(),
        customer: { id: row.customer_id, email: row.email, displayName: row.display_name },
      },
    });
  }
  return rows.length;
}
