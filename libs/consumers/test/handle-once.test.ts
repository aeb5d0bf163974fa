import { randomUUID } from 'node:crypto';
import { openDatabase, type EntityManager, type MikroORM } from '@loyalty/db';
import { createLogger } from '@loyalty/platform';
import { createTestDatabase, waitFor, type TestDatabase } from '@loyalty/testing';
import { handleOnce } from '../src/index.js';
import { createEffectsTable, effectCount, inboxCount, recordEffect } from './support/effects-table.js';

const logger = createLogger('handle-once-test');
const consumer = 'handle-once-test';
let database: TestDatabase;
let orm: MikroORM;

beforeAll(async () => {
  database = await createTestDatabase();
  orm = await openDatabase({ databaseUrl: database.url });
  await createEffectsTable(orm.em.fork());
});

afterAll(async () => {
  await orm.close();
  await database.drop();
});

const anEvent = () => ({ id: randomUUID(), type: 'transaction.recorded' });

async function sessionsWaitingOnALock(em: EntityManager): Promise<number> {
  const [row] = await em
    .fork()
    .execute<{ count: number }[]>("select count(*)::int as count from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'");
  return row?.count ?? 0;
}

describe('handleOnce', () => {
  it('applies the effects with the inbox row, then skips every later delivery of the event', async () => {
    const event = anEvent();
    const apply = (em: EntityManager) => recordEffect(em, event.id);

    expect(await handleOnce(orm.em.fork(), { consumer, event, logger }, apply)).toBe('applied');
    expect(await handleOnce(orm.em.fork(), { consumer, event, logger }, apply)).toBe('duplicate');

    expect(await effectCount(orm.em, event.id)).toBe(1);
    expect(await inboxCount(orm.em, consumer, event.id)).toBe(1);
  });

  it('applies the effects once when two deliveries of one event run at the same time', async () => {
    const event = anEvent();
    // The winner commits only after the other delivery is blocked on the inbox key, so they truly overlap.
    const applyAfterTheRivalBlocks = async (em: EntityManager) => {
      await waitFor(async () => (await sessionsWaitingOnALock(orm.em)) > 0, { description: 'the rival delivery to wait on the inbox row lock' });
      await recordEffect(em, event.id);
    };

    const outcomes = await Promise.all([
      handleOnce(orm.em.fork(), { consumer, event, logger }, applyAfterTheRivalBlocks),
      handleOnce(orm.em.fork(), { consumer, event, logger }, applyAfterTheRivalBlocks),
    ]);

    expect(outcomes.sort()).toEqual(['applied', 'duplicate']);
    expect(await effectCount(orm.em, event.id)).toBe(1);
  });

  it('rolls the inbox row back with effects that throw, so a redelivery applies them', async () => {
    const event = anEvent();
    const failingApply = async (em: EntityManager) => {
      await recordEffect(em, event.id);
      throw new Error('effect failed');
    };

    await expect(handleOnce(orm.em.fork(), { consumer, event, logger }, failingApply)).rejects.toThrow('effect failed');
    expect(await inboxCount(orm.em, consumer, event.id)).toBe(0);
    expect(await effectCount(orm.em, event.id)).toBe(0);

    expect(await handleOnce(orm.em.fork(), { consumer, event, logger }, (em) => recordEffect(em, event.id))).toBe('applied');
    expect(await effectCount(orm.em, event.id)).toBe(1);
  });

  it('keeps the inbox per consumer: another consumer applies its own effects for the same event', async () => {
    const event = anEvent();
    const apply = (em: EntityManager) => recordEffect(em, event.id);

    expect(await handleOnce(orm.em.fork(), { consumer: 'first', event, logger }, apply)).toBe('applied');
    expect(await handleOnce(orm.em.fork(), { consumer: 'second', event, logger }, apply)).toBe('applied');

    expect(await effectCount(orm.em, event.id)).toBe(2);
  });
});
