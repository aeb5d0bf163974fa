import { openDatabase, type EntityManager, type MikroORM } from '@loyalty/db';
import type { AnyEvent } from '@loyalty/contracts';
import { createLogger } from '@loyalty/platform';
import { createTestDatabase, type TestDatabase } from '@loyalty/testing';
import { inboxBatchHandler } from '../src/index.js';
import { createEffectsTable, effectCount, inboxCount, recordEffect } from './support/effects-table.js';
import { transactionRecorded } from './support/events.js';
import { sqsRecord } from './support/records.js';

const logger = createLogger('inbox-batch-test', 'silent');
const consumer = 'inbox-batch-test';
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

/** Each event recorded as it is applied; the tally is written as one more effect per event, by `finish`; `begun` gets the events of each `begin`. */
function handlerFailing(poison: ReadonlySet<string>, finishes: string[][], begun: string[][] = []) {
  return inboxBatchHandler<string[]>({
    orm,
    consumer,
    logger,
    begin: async (_em, events) => {
      begun.push(events.map((event) => event.id));
      return [];
    },
    apply: async (em: EntityManager, event: AnyEvent, tally: string[]) => {
      if (poison.has(event.id)) throw new Error('poison');
      await recordEffect(em, event.id);
      tally.push(event.id);
    },
    finish: async (em, tally) => {
      finishes.push([...tally]);
      for (const id of tally) await recordEffect(em, id);
    },
  });
}

describe('an inbox batch handler', () => {
  it('applies a batch in one transaction with one finish, each event once, a copy in the same batch skipped', async () => {
    const events = [transactionRecorded(), transactionRecorded(), transactionRecorded()];
    const finishes: string[][] = [];
    const begun: string[][] = [];
    const handler = handlerFailing(new Set(), finishes, begun);
    const records = [...events, events[0]!].map((event) => sqsRecord(JSON.stringify(event)));

    expect(await handler({ Records: records })).toEqual({ batchItemFailures: [] });
    expect(await handler({ Records: records })).toEqual({ batchItemFailures: [] });

    expect(begun).toEqual([events.map((event) => event.id), []]);
    expect(finishes).toEqual([events.map((event) => event.id), []]);
    for (const event of events) {
      expect(await effectCount(orm.em, event.id)).toBe(2);
      expect(await inboxCount(orm.em, consumer, event.id)).toBe(1);
    }
  });

  it('fails a poison event alone: the batch rolls back and its events go one by one', async () => {
    const [good, poison, other] = [transactionRecorded(), transactionRecorded(), transactionRecorded()];
    const finishes: string[][] = [];
    const handler = handlerFailing(new Set([poison.id]), finishes);
    const records = [good, poison, other].map((event) => sqsRecord(JSON.stringify(event)));
    const unparsable = sqsRecord('{"type":"transaction.recorded"}');

    expect(await handler({ Records: records })).toEqual({ batchItemFailures: [{ itemIdentifier: records[1]!.messageId }] });
    expect(await handler({ Records: [sqsRecord(JSON.stringify(transactionRecorded())), unparsable] })).toEqual({
      batchItemFailures: [{ itemIdentifier: unparsable.messageId }],
    });

    for (const event of [good, other]) {
      expect(await effectCount(orm.em, event.id)).toBe(2);
      expect(await inboxCount(orm.em, consumer, event.id)).toBe(1);
    }
    expect(await effectCount(orm.em, poison.id)).toBe(0);
    expect(await inboxCount(orm.em, consumer, poison.id)).toBe(0);
  });
});
