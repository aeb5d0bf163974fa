import type { Pool } from 'pg';

export interface ParkedRow {
  id: string;
  eventType: string;
  topic: string;
  businessId: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  parkedAt: Date;
}

/** What ops look at before deciding to retry: the oldest parked rows first. */
export async function listParked(pool: Pool, limit = 100): Promise<ParkedRow[]> {
  const { rows } = await pool.query<ParkedRow>(
    `select id, event_type as "eventType", topic, business_id as "businessId", attempts,
            last_error as "lastError", created_at as "createdAt", parked_at as "parkedAt"
       from messaging.outbox
      where parked_at is not null
      order by parked_at
      limit $1`,
    [limit],
  );
  return rows;
}
