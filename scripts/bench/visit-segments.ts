import { percentile } from './stats.js';

/** The database's timestamps of one visit: when it was written, claimed by the relay, taken by the processor, applied. */
export interface VisitTimestamps {
  pos: string;
  created: number;
  published: number;
  processed: number;
  applied: number;
  /** created_at of the processor's `transaction.settled` outbox row: its rules have run, the flush and commit are next. */
  rulesDone: number;
}

/** The client's side of one visit: when it sent the request and had the answer, and the admin API's Server-Timing figures. */
export interface VisitAnswer {
  sentAt: number;
  answeredAt: number;
  /** The processor's applied_at to the waiting request's wake (commit, NOTIFY, LISTEN). */
  appliedToWake: number;
  reread: number;
}

/** `wait;dur=1.2, reread;dur=0.8` → { wait: 1.2, reread: 0.8 }. */
export function parseServerTiming(header: string | undefined): Record<string, number> {
  const durations: Record<string, number> = {};
  for (const metric of (header ?? '').split(',')) {
    const [name, ...params] = metric.trim().split(';');
    const duration = params.find((param) => param.trim().startsWith('dur='));
    if (name && duration) durations[name] = Number(duration.trim().slice(4));
  }
  return durations;
}

export interface SegmentFigures {
  name: string;
  p50: number;
  p95: number;
}

/**
 * The rows behind the timestamps: the transaction's created_at (now() of the admin API's write), its
 * `transaction.recorded` outbox row's published_at (now() of the relay's claim), the processor's inbox
 * row's processed_at (now() of its transaction, once SQS handed the message over), applied_at (taken
 * before the rules run) and the created_at of the `transaction.settled` row it writes after them.
 */
export const visitTimestampsSql = (visitsCondition: string) => `select t.pos_transaction_id as pos,
            extract(epoch from t.created_at) * 1000 as created,
            extract(epoch from o.published_at) * 1000 as published,
            extract(epoch from i.processed_at) * 1000 as processed,
            extract(epoch from t.applied_at) * 1000 as applied,
            extract(epoch from s.created_at) * 1000 as "rulesDone"
       from loyalty.transactions t
       join messaging.outbox o on o.aggregate_id = t.id::text and o.event_type = 'transaction.recorded'
       join messaging.outbox s on s.aggregate_id = t.id::text and s.event_type = 'transaction.settled'
       join messaging.inbox i on i.event_id = o.id and i.consumer = 'loyalty-processor'
      where ${visitsCondition} and t.applied_at is not null`;

export const serverSegmentNames = {
  request: 'client send → write tx start (HTTP, auth, the reads before the insert)',
  relayWake: 'write tx start → relay claim (commit, NOTIFY, wake)',
  delivery: 'relay claim → processor tx (SNS, fan-out, SQS receive)',
  apply: 'processor tx → applied_at (inbox, locks, ledger; applied_at is taken before the rules run)',
  rules: 'applied_at → rules done (the settled event written)',
  settle: 'rules done → API woken (flush, commit, NOTIFY, LISTEN)',
  answer: 'API woken → answer received (re-read, respond)',
  reread: '  of which the re-read (Server-Timing; none when the NOTIFY carried the row)',
  whole: 'client send → answer received (all of the above)',
} as const;

/** p50 and p95 of each segment of the visits whose answer the client recorded, from send to answer. */
export function visitSegments(rows: readonly (VisitTimestamps & VisitAnswer)[]): SegmentFigures[] {
  const figures = (name: string, values: number[]): SegmentFigures => {
    const sorted = values.sort((a, b) => a - b);
    return { name, p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
  };
  return [
    figures(
      serverSegmentNames.request,
      rows.map((row) => row.created - row.sentAt),
    ),
    ...serverSegments(rows).slice(0, 3),
    figures(
      serverSegmentNames.rules,
      rows.map((row) => row.rulesDone - row.applied),
    ),
    figures(
      serverSegmentNames.settle,
      rows.map((row) => row.applied + row.appliedToWake - row.rulesDone),
    ),
    figures(
      serverSegmentNames.answer,
      rows.map((row) => row.answeredAt - row.applied - row.appliedToWake),
    ),
    figures(
      serverSegmentNames.reread,
      rows.map((row) => row.reread),
    ),
    figures(
      serverSegmentNames.whole,
      rows.map((row) => row.answeredAt - row.sentAt),
    ),
  ];
}

/** p50 and p95 of each segment between two database timestamps, and of the whole server-side span. */
export function serverSegments(rows: readonly VisitTimestamps[]): SegmentFigures[] {
  const figures = (name: string, values: number[]): SegmentFigures => {
    const sorted = values.sort((a, b) => a - b);
    return { name, p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
  };
  return [
    figures(
      serverSegmentNames.relayWake,
      rows.map((row) => row.published - row.created),
    ),
    figures(
      serverSegmentNames.delivery,
      rows.map((row) => row.processed - row.published),
    ),
    figures(
      serverSegmentNames.apply,
      rows.map((row) => row.applied - row.processed),
    ),
    figures(
      'write tx start → applied (all of the above)',
      rows.map((row) => row.applied - row.created),
    ),
  ];
}
