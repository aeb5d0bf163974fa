import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import type { SQSRecord } from 'aws-lambda';
import type { MikroORM } from '@loyalty/db';
import { createLogger } from '@loyalty/platform';
import { putHistoryEntry, type HistoryEntry } from '@loyalty/tables';
import { loadHistoryEntries } from '../../services/analytics/src/data-access/history-source.js';
import type { HistoryTable } from '../../services/analytics/src/data-access/history-table.js';
import { historyHandler } from '../../services/analytics/src/entry-points/history-handler.js';
import { backfillHistory } from '../../services/analytics/src/use-cases/backfill-history.js';
import { applyTransaction } from '../../services/loyalty-processor/src/use-cases/apply-transaction.js';
import { postgresEntries, recordedRecord, startHistoryTestEnvironment, tableEntries, type HistoryTestEnvironment } from './history-support.js';
import { batchOf, createTenant, eventsOf, run, sqsRecord, type Tenant } from './workload.js';

let environment: HistoryTestEnvironment;
let orm: MikroORM;
let table: HistoryTable;
const logger = createLogger('history-test', 'silent');
const start = new Date('2026-03-06T09:00:00Z');

beforeAll(async () => {
  environment = await startHistoryTestEnvironment();
  ({ orm, table } = environment);
});
afterAll(async () => {
  await environment?.stop();
});

async function deliver(records: SQSRecord[]): Promise<void> {
  const response = await historyHandler(orm, table, logger)(batchOf(records));
  expect(response.batchItemFailures).toEqual([]);
}

const settledOf = async (businessId: string, transactionId: string): Promise<SQSRecord[]> =>
  (await eventsOf(orm, businessId)).filter((record) => {
    const event = JSON.parse(record.body) as { type: string; payload: { transactionId?: string } };
    return event.type === 'transaction.settled' && event.payload.transactionId === transactionId;
  });

describe('the history writer', () => {
  let tenant: Tenant;
  beforeAll(async () => {
    tenant = await createTenant(orm, 1, start);
  });

  it('shows a recorded transaction as pending, then as settled, and a late or repeated delivery never takes it back', async () => {
    let recorded: SQSRecord | undefined;
    const history: string[] = [];
    const id = await run(orm, tenant, history, { op: 'visit', card: 0, store: 0, amount: 0, minute: 1 }, start, async (transactionId) => {
      recorded = await recordedRecord(orm, transactionId);
      await deliver([recorded]);
      expect(await tableEntries(table.client, table.name, tenant.businessId)).toEqual([
        expect.objectContaining({ transactionId, status: 'pending', delta: null, balanceAfter: null, storeName: 'Store 0', settledAt: null }),
      ]);
    });
    const settled = await settledOf(tenant.businessId, id!);
    // The settled event twice in one batch, then the recorded one again, after it.
    await deliver([...settled, ...settled]);
    await deliver([recorded!]);
    const [entry] = await tableEntries(table.client, table.name, tenant.businessId);
    expect(entry).toMatchObject({ transactionId: id, kind: 'visit', status: 'applied', delta: 1, balanceAfter: 1, cardId: tenant.cards[0]!.id });
    expect(await tableEntries(table.client, table.name, tenant.businessId)).toEqual(await postgresEntries(orm, tenant.businessId));
  });

  it('keeps the settled item when a writer that read the row while it was pending writes last', async () => {
    const history: string[] = [];
    let stale: HistoryEntry | undefined;
    const id = await run(orm, tenant, history, { op: 'purchase', card: 1, store: 1, amount: 1250, minute: 2 }, start, async (transactionId) => {
      stale = (await loadHistoryEntries(orm.em.fork(), [transactionId])).get(transactionId);
    });
    await deliver(await settledOf(tenant.businessId, id!));
    expect(await putHistoryEntry(table.client, table.name, stale!)).toBe('unchanged');
    const entries = await tableEntries(table.client, table.name, tenant.businessId);
    expect(entries.find((entry) => entry.transactionId === id)).toMatchObject({
      status: 'applied',
      amount: 1250,
      currency: 'EUR',
      delta: 12,
      storeName: 'Store 1',
    });
  });

  it('leaves a settled row to its settled event, and reads a batch of rows with one statement', async () => {
    const history: string[] = [];
    const ids: string[] = [];
    for (let minute = 10; minute < 14; minute += 1)
      ids.push((await run(orm, tenant, history, { op: 'visit', card: minute, store: 0, amount: 0, minute }, start))!);
    const recorded = await Promise.all(ids.map((id) => recordedRecord(orm, id)));
    const reads = jest.spyOn(orm.em, 'fork');
    await deliver(recorded);
    expect(reads).toHaveBeenCalledTimes(1);
    reads.mockRestore();
    const written = (await tableEntries(table.client, table.name, tenant.businessId)).map((entry) => entry.transactionId);
    expect(written.filter((id) => ids.includes(id))).toEqual([]);
    await deliver((await Promise.all(ids.map((id) => settledOf(tenant.businessId, id)))).flat());
    const ours = (entries: HistoryEntry[]) => entries.filter((entry) => ids.includes(entry.transactionId));
    const expected = ours(await postgresEntries(orm, tenant.businessId));
    expect(expected.map((entry) => entry.status)).not.toContain('pending');
    expect(ours(await tableEntries(table.client, table.name, tenant.businessId))).toEqual(expected);
  });

  it('shows a rejection with its code, and passes over events of no transaction it knows', async () => {
    // A redemption of a reward the card does not have.
    const id = randomUUID();
    await orm.em
      .fork()
      .execute(
        `insert into loyalty.transactions (id, business_id, card_id, kind, pos_transaction_id, status, details, recorded_by, created_at) values (?, ?, ?, 'redemption', ?, 'pending', ?::jsonb, 'test', ?)`,
        [id, tenant.businessId, tenant.cards[0]!.id, randomUUID(), JSON.stringify({ rewardId: randomUUID() }), start],
      );
    await orm.em.fork().transactional((tx) => applyTransaction(tx, id, start));
    const recorded = await recordedRecord(orm, id);
    const unknown = JSON.parse(recorded.body) as { payload: { transactionId: string } };
    unknown.payload.transactionId = randomUUID();
    await deliver([...(await settledOf(tenant.businessId, id)), sqsRecord(unknown)]);
    const entries = await tableEntries(table.client, table.name, tenant.businessId);
    expect(entries.find((entry) => entry.transactionId === id)).toMatchObject({ status: 'rejected', rejectionCode: 'REWARD_NOT_AVAILABLE', delta: null });
    expect(entries.map((entry) => entry.transactionId)).not.toContain(unknown.payload.transactionId);
  });

  it('fails a message it cannot parse, and only that one', async () => {
    const [good] = (await eventsOf(orm, tenant.businessId)).filter((record) => record.body.includes('transaction.settled'));
    const bad = sqsRecord({ type: 'transaction.settled', payload: {} });
    const response = await historyHandler(orm, table, logger)(batchOf([good!, bad]));
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: bad.messageId }]);
  });
});

describe('the backfill', () => {
  it('pages through Postgres writing every transaction, pending ones too, and writes the same again when run again', async () => {
    const tenant = await createTenant(orm, 4, start);
    const history: string[] = [];
    for (let minute = 0; minute < 60; minute += 1) {
      const id = await run(
        orm,
        tenant,
        history,
        { op: minute % 2 ? 'visit' : 'purchase', card: minute, store: minute % 3 ? 0 : null, amount: minute * 100, minute },
        start,
      );
      if (id) history.push(id);
    }
    // One still waiting for the processor.
    await orm.em
      .fork()
      .execute(
        `insert into loyalty.transactions (id, business_id, card_id, kind, pos_transaction_id, status, recorded_by, created_at) values (?, ?, ?, 'visit', ?, 'pending', 'test', ?)`,
        [randomUUID(), tenant.businessId, tenant.cards[0]!.id, randomUUID(), start],
      );
    const expected = await postgresEntries(orm, tenant.businessId);
    expect(await backfillHistory(orm.em.fork(), table, { businessIds: [tenant.businessId], pageSize: 7 })).toEqual({ settled: 60, pending: 1 });
    expect(await tableEntries(table.client, table.name, tenant.businessId)).toEqual(expected);
    // Over every business, as `npm run backfill-history` without arguments.
    await backfillHistory(orm.em.fork(), table);
    expect(await tableEntries(table.client, table.name, tenant.businessId)).toEqual(expected);
  });
});
