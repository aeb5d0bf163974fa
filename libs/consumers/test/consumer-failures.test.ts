import { jest } from '@jest/globals';
import { openDatabase, type EntityManager, type MikroORM } from '@loyalty/db';
import { createLogger } from '@loyalty/platform';
import { createTestDatabase, switchableProxy, type TestDatabase } from '@loyalty/testing';
import pg from 'pg';
import { inboxHandler, recordedFailures } from '../src/index.js';
import { createEffectsTable, effectCount, inboxCount, recordEffect } from './support/effects-table.js';
import { transactionRecorded } from './support/events.js';
import { sqsRecord } from './support/records.js';

const logger = createLogger('consumer-failures-test');
const consumer = 'consumer-failures-test';
let database: TestDatabase;
let orm: MikroORM;
let pool: pg.Pool;

beforeAll(async () => {
  database = await createTestDatabase();
  orm = await openDatabase({ databaseUrl: database.url });
  pool = new pg.Pool({ connectionString: database.url, max: 2 });
  await createEffectsTable(orm.em.fork());
});

afterAll(async () => {
  await pool.end();
  await orm.close();
  await database.drop();
});

const delivery = (body: string, messageId: string, receiveCount: number) => {
  const record = sqsRecord(body, messageId);
  return { ...record, attributes: { ...record.attributes, ApproximateReceiveCount: String(receiveCount) } };
};

describe('an inbox handler keeps why it failed a message', () => {
  it('records the reason of each failed delivery by message id, while the failed effects roll back', async () => {
    const event = transactionRecorded();
    const apply = async (em: EntityManager) => {
      await recordEffect(em, event.id);
      throw new Error('program 42 has no rules');
    };
    const handler = inboxHandler({ orm, consumer, logger, apply });
    const messageId = crypto.randomUUID();

    const first = await handler({ Records: [delivery(JSON.stringify(event), messageId, 1)] });
    const second = await handler({ Records: [delivery(JSON.stringify(event), messageId, 2)] });

    expect([first, second]).toEqual([{ batchItemFailures: [{ itemIdentifier: messageId }] }, { batchItemFailures: [{ itemIdentifier: messageId }] }]);
    const [failure, ...others] = await recordedFailures(pool, [messageId]);
    expect(others).toEqual([]);
    expect(failure).toMatchObject({
      messageId,
      consumer,
      eventId: event.id,
      eventType: 'transaction.recorded',
      businessId: event.businessId,
      reason: 'Error: program 42 has no rules',
      receiveCount: 2,
    });
    expect(failure!.lastFailedAt.getTime()).toBeGreaterThan(failure!.firstFailedAt.getTime());
    expect(await effectCount(orm.em, event.id)).toBe(0);
    expect(await inboxCount(orm.em, consumer, event.id)).toBe(0);
  });

  it('records a body that does not parse with the parse error and no event', async () => {
    const handler = inboxHandler({ orm, consumer, logger, apply: async () => undefined });
    const messageId = crypto.randomUUID();

    await handler({ Records: [delivery('{"not": "an event"', messageId, 1)] });

    expect(await recordedFailures(pool, [messageId])).toEqual([
      expect.objectContaining({ eventId: null, eventType: null, businessId: null, reason: 'InvalidEventError: message body is not JSON', receiveCount: 1 }),
    ]);
  });

  it('still fails the record, and says so in the log, when the database that keeps reasons is down', async () => {
    const proxy = await switchableProxy(database.url);
    const proxied = new URL(database.url);
    proxied.port = new URL(proxy.endpoint).port;
    const unreachable = await openDatabase({ databaseUrl: proxied.toString(), poolMax: 1 });
    const errors = jest.spyOn(logger, 'error');
    try {
      await proxy.down();
      const handler = inboxHandler({ orm: unreachable, consumer, logger, apply: async () => undefined });
      const record = delivery(JSON.stringify(transactionRecorded()), crypto.randomUUID(), 1);

      const response = await handler({ Records: [record] });

      expect(response.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
      expect(errors).toHaveBeenCalledWith(expect.objectContaining({ messageId: record.messageId }), 'could not record why the message failed');
    } finally {
      errors.mockRestore();
      await unreachable.close();
      await proxy.close();
    }
  });
});
