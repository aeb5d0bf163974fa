import { escapeLiteral, type ClientBase } from 'pg';
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

/**
 * Marks published rows, backs off or parks failed ones, leaves deferred rows exactly as they were, and
 * commits the claim's transaction, the commit in the same round trip as the last mark.
 */
export async function commitOutcomes(
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
  await client.query(recorded.published.length > 0 ? `${markPublished(recorded.published)}; commit` : 'commit');
  return recorded;
}

/**
 * A simple-protocol statement, so that `commit` can travel with it: it takes no parameters, and the ids
 * go in as one escaped array literal (uuids Postgres itself returned).
 */
function markPublished(rows: OutboxRow[]): string {
  return `update messaging.outbox set published_at = now() where id = any(${escapeLiteral(`{${rows.map((row) => row.id).join(',')}}`)}::uuid[])`;
}
