import type { EntityManager } from '@loyalty/db';

/** A table with no unique key: only the inbox stands between a redelivery and a second row. */
export async function createEffectsTable(em: EntityManager): Promise<void> {
  await em.execute('create table applied_effects (event_id uuid not null, applied_at timestamptz not null default clock_timestamp())');
}

export async function recordEffect(em: EntityManager, eventId: string): Promise<void> {
  await em.execute('insert into applied_effects (event_id) values (?)', [eventId]);
}

export async function effectCount(em: EntityManager, eventId: string): Promise<number> {
  const [row] = await em.fork().execute<{ count: number }[]>('select count(*)::int as count from applied_effects where event_id = ?', [eventId]);
  return row?.count ?? 0;
}

export async function inboxCount(em: EntityManager, consumer: string, eventId: string): Promise<number> {
  const [row] = await em
    .fork()
    .execute<{ count: number }[]>('select count(*)::int as count from messaging.inbox where consumer = ? and event_id = ?', [consumer, eventId]);
  return row?.count ?? 0;
}
