import type { Pool } from 'pg';
import type { BreakerState } from './publish-breaker.js';

export interface OutboxCounts {
  /** Not yet published and not parked. */
  pending: number;
  /** Pending rows whose next attempt is now or past: a relay should be taking them. */
  due: number;
  /** Pending rows that failed at least once and are backing off or due again. */
  failed: number;
  parked: number;
  oldestPendingAgeMs: number | null;
}

export interface RelayStatus {
  relayId: string;
  host: string;
  pid: number;
  /** As of the last beat. */
  breakerState: BreakerState;
  startedAt: Date;
  beatAt: Date;
  /** No beat for three intervals: the relay died or cannot reach the database. */
  stale: boolean;
}

export interface OutboxStatus extends OutboxCounts {
  relays: RelayStatus[];
}

export async function outboxStatus(pool: Pool): Promise<OutboxStatus> {
  const { rows } = await pool.query<OutboxCounts>(
    `select count(*) filter (where parked_at is null)::int as pending,
            count(*) filter (where parked_at is null and next_attempt_at <= now())::int as due,
            count(*) filter (where parked_at is null and attempts > 0)::int as failed,
            count(*) filter (where parked_at is not null)::int as parked,
            (extract(epoch from now() - min(created_at) filter (where parked_at is null)) * 1000)::float8 as "oldestPendingAgeMs"
       from messaging.outbox
      where published_at is null`,
  );
  const { rows: relays } = await pool.query<RelayStatus>(
    `select relay_id as "relayId", host, pid, breaker_state as "breakerState", started_at as "startedAt", beat_at as "beatAt",
            beat_at < now() - make_interval(secs => 3 * interval_ms / 1000.0) as stale
       from messaging.relay_heartbeats
      order by started_at`,
  );
  const counts = rows[0] ?? { pending: 0, due: 0, failed: 0, parked: 0, oldestPendingAgeMs: null };
  return { ...counts, relays };
}
