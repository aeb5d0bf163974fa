import type { ClientBase } from 'pg';
import type { OutboxRow } from './outbox-row.js';
import type { BackoffPolicy } from './policies/backoff.js';
import type { ParkPolicy } from './policies/park.js';
import type { PublishOutcome } from './publish-rows.js';

export interface RowFailure {
  row: OutboxRow;
  error: string;
  parked: boolean;
  retryInMs: number;
}

export interface RecordedOutcomes {
  published: OutboxRow[];
  failed: RowFailure[];
  deferred: OutboxRow[];
}

export interface OutcomePolicies {
  backoff: BackoffPolicy;
  shouldPark: ParkPolicy;
}

/** Marks published rows, backs off or parks failed ones, and leaves deferred rows exactly as they were. */
export async function recordOutcomes(
  client: ClientBase,
  rows: OutboxRow[],
  outcomes: Map<string, PublishOutcome>,
  policies: OutcomePolicies,
): Promise<RecordedOutcomes> {
  const recorded: RecordedOutcomes = { published: [], failed: [], deferred: [] };
  for (const row of rows) {
    const outcome = outcomes.get(row.id) ?? { status: 'deferred', error: 'not attempted' };
    if (outcome.status === 'published') recorded.published.push(row);
    else if (outcome.status === 'deferred') recorded.deferred.push(row);
    else {
      const attempts = row.attempts + 1;
      recorded.failed.push({ row, error: outcome.error, parked: policies.shouldPark(attempts, outcome.error), retryInMs: policies.backoff(attempts) });
    }
  }

  if (recorded.published.length > 0) {
    await client.query('update messaging.outbox set published_at = now() where id = any($1::uuid[])', [recorded.published.map((row) => row.id)]);
  }
  if (recorded.failed.length > 0) {
    await client.query(
      `update messaging.outbox o
          set attempts = o.attempts + 1,
              last_error = f.error,
              next_attempt_at = now() + f.retry_in_ms * interval '1 millisecond',
              parked_at = case when f.parked then now() end
         from unnest($1::uuid[], $2::text[], $3::float8[], $4::boolean[]) as f(id, error, retry_in_ms, parked)
        where o.id = f.id`,
      [
        recorded.failed.map((failure) => failure.row.id),
        recorded.failed.map((failure) => failure.error),
        recorded.failed.map((failure) => failure.retryInMs),
        recorded.failed.map((failure) => failure.parked),
      ],
    );
  }
  return recorded;
}
