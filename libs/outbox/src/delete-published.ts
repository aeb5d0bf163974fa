import type { Pool } from 'pg';

export interface DeletePublishedOptions {
  olderThanMs: number;
  batchSize: number;
}

/**
 * Deletes rows published more than olderThanMs ago, batchSize rows per statement so no single delete
 * holds many locks or bloats one transaction; SKIP LOCKED lets several relays clean at once.
 */
export async function deletePublished(pool: Pool, { olderThanMs, batchSize }: DeletePublishedOptions): Promise<number> {
  let deleted = 0;
  for (;;) {
    const { rowCount } = await pool.query(
      `delete from messaging.outbox
        where id in (
          select id from messaging.outbox
           where published_at < now() - $1 * interval '1 millisecond'
           limit $2
             for update skip locked)`,
      [olderThanMs, batchSize],
    );
    deleted += rowCount ?? 0;
    if ((rowCount ?? 0) < batchSize) return deleted;
  }
}
