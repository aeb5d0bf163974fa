import { randomUUID } from 'node:crypto';
import { InvalidEventError, parseEvent } from '@loyalty/contracts';
import { withLogContext } from '@loyalty/platform';
import { writeEvent } from '../src/index.js';
import { openOutboxDatabase, transactionRecordedPayload, type OutboxDatabase } from './support/outbox-database.js';

let db: OutboxDatabase;
beforeAll(async () => {
  db = await openOutboxDatabase();
});
afterAll(async () => {
  await db.close();
});

async function rowCount(id: string): Promise<number> {
  const { rowCount } = await db.pool.query('select 1 from messaging.outbox where id = $1', [id]);
  return rowCount ?? 0;
}

test('the row commits with the transaction and holds the full envelope', async () => {
  const businessId = randomUUID();
  const payload = transactionRecordedPayload();
  const envelope = await withLogContext({ correlationId: 'corr-1', causationId: 'cause-1', traceparent: '00-abc-def-01' }, () =>
    db.orm.em.fork().transactional((em) => writeEvent(em, { type: 'transaction.recorded', businessId, aggregateId: payload.transactionId, payload })),
  );

  expect(parseEvent(envelope)).toEqual(envelope);
  expect(envelope).toMatchObject({
    type: 'transaction.recorded',
    version: 1,
    businessId,
    aggregate: { type: 'transaction', id: payload.transactionId },
    correlationId: 'corr-1',
    causationId: 'cause-1',
  });
  expect(envelope.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const { rows } = await db.pool.query('select * from messaging.outbox where id = $1', [envelope.id]);
  expect(rows[0]).toMatchObject({
    aggregate_type: 'transaction',
    aggregate_id: payload.transactionId,
    event_type: 'transaction.recorded',
    event_version: 1,
    topic: 'loyalty',
    business_id: businessId,
    payload,
    headers: { correlationId: 'corr-1', causationId: 'cause-1', traceparent: '00-abc-def-01' },
    created_at: new Date(envelope.occurredAt),
    attempts: 0,
    published_at: null,
    parked_at: null,
  });
});

test('explicit correlation and causation ids win over the log context; without either the event starts its own chain', async () => {
  const payload = transactionRecordedPayload();
  const [explicit, own] = await withLogContext({ correlationId: 'from-context' }, () =>
    db.orm.em.fork().transactional(async (em) => [
      await writeEvent(em, {
        type: 'transaction.recorded',
        businessId: randomUUID(),
        aggregateId: payload.transactionId,
        payload,
        correlationId: 'explicit',
        causationId: 'cause',
      }),
      await withLogContext({ correlationId: undefined }, () =>
        writeEvent(em, { type: 'transaction.recorded', businessId: randomUUID(), aggregateId: payload.transactionId, payload }),
      ),
    ]),
  );
  expect(explicit).toMatchObject({ correlationId: 'explicit', causationId: 'cause' });
  expect(own).toMatchObject({ correlationId: own!.id, causationId: null });
});

test('a rolled-back transaction leaves no row', async () => {
  const payload = transactionRecordedPayload();
  let id = '';
  await expect(
    db.orm.em.fork().transactional(async (em) => {
      id = (await writeEvent(em, { type: 'transaction.recorded', businessId: randomUUID(), aggregateId: payload.transactionId, payload })).id;
      expect(await rowCount(id)).toBe(0); // not visible outside the transaction yet
      throw new Error('business rule failed after the event was written');
    }),
  ).rejects.toThrow('business rule failed');
  expect(id).not.toBe('');
  expect(await rowCount(id)).toBe(0);
});

test('a payload that does not match the catalog throws before anything is inserted', async () => {
  const payload = { ...transactionRecordedPayload(), cardId: 'not-a-uuid' };
  const before = await db.pool.query('select count(*)::int as count from messaging.outbox');
  await expect(
    db.orm.em
      .fork()
      .transactional((em) => writeEvent(em, { type: 'transaction.recorded', businessId: randomUUID(), aggregateId: payload.transactionId, payload })),
  ).rejects.toThrow(InvalidEventError);
  const after = await db.pool.query('select count(*)::int as count from messaging.outbox');
  expect(after.rows[0]).toEqual(before.rows[0]);
});
