import type { AnyEvent } from '@loyalty/contracts';
import type { MikroORM } from '@loyalty/db';
import type { Pool } from 'pg';

export interface ConsumerFailure {
  consumer: string;
  messageId: string;
  /** Absent when the body did not parse. */
  event?: Pick<AnyEvent, 'id' | 'type' | 'businessId'>;
  reason: string;
  receiveCount: number;
}

export type FailureRecorder = (failure: ConsumerFailure) => Promise<void>;

export interface RecordedFailure {
  messageId: string;
  consumer: string;
  eventId: string | null;
  eventType: string | null;
  businessId: string | null;
  reason: string;
  receiveCount: number;
  firstFailedAt: Date;
  lastFailedAt: Date;
}

// SQS keeps a message 14 days at most, so an older reason can belong to no dead letter.
const RETENTION = '14 days';
const MAX_REASON_LENGTH = 2_000;

/**
 * Keeps why a consumer failed a message, keyed by SQS message id (redrive keeps it, so the DLQ copy
 * finds its reason). It runs on its own connection, after the effects' transaction rolled back.
 */
export function recordFailuresIn(orm: MikroORM): FailureRecorder {
  return async ({ consumer, messageId, event, reason, receiveCount }) => {
    await orm.em
      .fork()
      .getConnection()
      .execute(
        `with expired as (delete from messaging.consumer_failures where last_failed_at < now() - interval '${RETENTION}')
       insert into messaging.consumer_failures (message_id, consumer, event_id, event_type, business_id, reason, receive_count)
       values (?, ?, ?, ?, ?, ?, ?)
       on conflict (message_id, consumer) do update
         set reason = excluded.reason, receive_count = excluded.receive_count, last_failed_at = now()`,
        [messageId, consumer, event?.id ?? null, event?.type ?? null, event?.businessId ?? null, reason.slice(0, MAX_REASON_LENGTH), receiveCount],
      );
  };
}

export async function recordedFailures(pool: Pool, messageIds: readonly string[]): Promise<RecordedFailure[]> {
  const { rows } = await pool.query<RecordedFailure>(
    `select message_id as "messageId", consumer, event_id as "eventId", event_type as "eventType", business_id as "businessId",
            reason, receive_count as "receiveCount", first_failed_at as "firstFailedAt", last_failed_at as "lastFailedAt"
       from messaging.consumer_failures
      where message_id = any($1::text[])
      order by last_failed_at`,
    [messageIds],
  );
  return rows;
}
