import type { Envelope } from '@loyalty/contracts';
import { executePrepared, preparedStatement, type EntityManager } from '@loyalty/db';
import type { Logger } from '@loyalty/platform';

const claim = preparedStatement(
  'inbox_claim',
  'insert into messaging.inbox (consumer, event_id, event_type) values (?, ?, ?) on conflict (consumer, event_id) do nothing returning event_id',
);

export type InboxOutcome = 'applied' | 'duplicate';

export interface InboxEntry {
  consumer: string;
  event: Pick<Envelope, 'id' | 'type'>;
  logger: Logger;
}

/**
 * Runs effects at most once per (consumer, event id), in the same transaction as the inbox row. When two
 * deliveries of one event race, the second insert waits on the first transaction's uncommitted key:
 * if that commits, the insert conflicts and the effects are skipped; if it rolls back, the second
 * delivery claims the event and applies it.
 */
export async function handleOnce(
  em: EntityManager,
  { consumer, event, logger }: InboxEntry,
  effects: (em: EntityManager) => Promise<void>,
): Promise<InboxOutcome> {
  return em.transactional(async (tx) => {
    const claimed = await executePrepared<{ event_id: string }>(tx, claim, [consumer, event.id, event.type]);
    if (claimed.length === 0) {
      logger.info({ consumer, eventId: event.id, eventType: event.type }, 'duplicate event skipped');
      return 'duplicate';
    }
    await effects(tx);
    return 'applied';
  });
}
