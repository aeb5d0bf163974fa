import type { SQSRecord } from 'aws-lambda';
import { parseEvent, type AnyEvent } from '@loyalty/contracts';
import { executePrepared, preparedStatement, type EntityManager, type MikroORM } from '@loyalty/db';
import { withLogContext, type Logger } from '@loyalty/platform';
import { inboxHandler } from './inbox-handler.js';
import type { SqsBatchHandler } from './sqs-event-handler.js';

export interface InboxBatchHandlerOptions<Tally> {
  orm: MikroORM;
  consumer: string;
  logger: Logger;
  /** The tally of one transaction's events, those its inbox rows claimed: what they need read at once, say. */
  begin: (em: EntityManager, events: readonly AnyEvent[]) => Promise<Tally>;
  /** The event's effects: written now, or added to the tally. */
  apply: (em: EntityManager, event: AnyEvent, tally: Tally) => Promise<void>;
  /** Writes the tally, last before the commit. */
  finish: (em: EntityManager, tally: Tally) => Promise<void>;
}

const claimEvents = preparedStatement(
  'inbox_claim_events',
  `insert into messaging.inbox (consumer, event_id, event_type)
   select ?, e.id, e.type from unnest(?::uuid[], ?::text[]) as e (id, type)
   on conflict (consumer, event_id) do nothing returning event_id`,
);

/**
 * Like `inboxHandler`, but a batch's events are applied in one transaction with all their inbox rows
 * and one `finish` of what they tallied: a row every event of the batch updates is written and locked
 * once. If any record does not parse, or the transaction fails, nothing of it stays and the batch goes
 * through `inboxHandler` one event at a time, so that a poison message fails alone.
 */
export function inboxBatchHandler<Tally>({ orm, consumer, logger, begin, apply, finish }: InboxBatchHandlerOptions<Tally>): SqsBatchHandler {
  const oneByOne = inboxHandler({
    orm,
    consumer,
    logger,
    apply: async (em, event) => {
      const tally = await begin(em, [event]);
      await apply(em, event, tally);
      await finish(em, tally);
    },
  });

  const applyAll = (events: readonly { event: AnyEvent; messageId: string }[]) =>
    orm.em.fork().transactional(async (tx) => {
      const ids = events.map(({ event }) => event.id);
      const claimed = await executePrepared<{ event_id: string }>(tx, claimEvents, [consumer, ids, events.map(({ event }) => event.type)]);
      // Postgres answers a uuid in lowercase, whatever the case it was sent in.
      const unapplied = new Set(claimed.map((row) => row.event_id));
      // A second copy of an event in the batch finds its id taken by the first.
      const fresh = events.filter(({ event }) => unapplied.delete(event.id.toLowerCase()));
      for (const { event } of events.filter((entry) => !fresh.includes(entry))) {
        logger.info({ consumer, eventId: event.id, eventType: event.type }, 'duplicate event skipped');
      }
      const tally = await begin(
        tx,
        fresh.map(({ event }) => event),
      );
      for (const { event, messageId } of fresh) {
        const context = { correlationId: event.correlationId, causationId: event.id, eventId: event.id, eventType: event.type, consumer, messageId };
        await withLogContext(context, () => apply(tx, event, tally));
      }
      await finish(tx, tally);
    });

  return async (sqsEvent, context) => {
    const events = parsedAll(sqsEvent.Records);
    if (events && events.length > 1) {
      try {
        await applyAll(events);
        return { batchItemFailures: [] };
      } catch (error) {
        logger.warn({ err: error, consumer, messageIds: sqsEvent.Records.map((record) => record.messageId) }, 'batch failed, applying its events one by one');
      }
    }
    return oneByOne(sqsEvent, context);
  };
}

function parsedAll(records: readonly SQSRecord[]): { event: AnyEvent; messageId: string }[] | null {
  try {
    return records.map((record) => ({ event: parseEvent(record.body), messageId: record.messageId }));
  } catch {
    return null;
  }
}
