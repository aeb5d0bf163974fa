import type { Logger } from '@loyalty/platform';
import type { Pool } from 'pg';
import { every, type Periodic } from './every.js';

export type BacklogReport = Periodic;

/** The log line's message; a CloudWatch metric filter turns its `oldestPendingAgeSeconds` into a metric. */
export const BACKLOG_LOG_MESSAGE = 'outbox backlog';

/**
 * Logs, every `intervalMs`, how long the oldest unpublished (and not parked) row has waited and how many
 * wait: 0 when none does, so the line keeps coming while the relay lives and its silence means something.
 */
export function startBacklogReport(pool: Pool, { intervalMs, logger }: { intervalMs: number; logger: Logger }): BacklogReport {
  return every(intervalMs, async () => {
    try {
      const { rows } = await pool.query<{ pending: number; oldestPendingAgeSeconds: number }>(
        `select count(*)::int as pending,
                coalesce(extract(epoch from now() - min(created_at)), 0)::float8 as "oldestPendingAgeSeconds"
           from messaging.outbox
          where published_at is null and parked_at is null`,
      );
      const { pending = 0, oldestPendingAgeSeconds = 0 } = rows[0] ?? {};
      logger.info({ pending, oldestPendingAgeSeconds: Math.round(oldestPendingAgeSeconds) }, BACKLOG_LOG_MESSAGE);
    } catch (error) {
      logger.warn({ err: error }, 'outbox backlog not measured');
    }
  });
}
