import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { SQSRecord } from 'aws-lambda';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import type { MikroORM } from '@loyalty/db';
import { createLogger } from '@loyalty/platform';
import { cardHistoryPage, historyKey } from '@loyalty/tables';
import type { HistoryTable } from '../../services/analytics/src/data-access/history-table.js';
import { historyHandler } from '../../services/analytics/src/entry-points/history-handler.js';
import { backfillHistory } from '../../services/analytics/src/use-cases/backfill-history.js';
import { postgresEntries, recordedRecord, startHistoryTestEnvironment, tableEntries, type HistoryTestEnvironment } from './history-support.js';
import { batchOf, createTenant, eventsOf, run, type Command } from './workload.js';

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

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    op: fc.constantFrom('visit', 'purchase', 'redeem', 'bonus', 'adjust'),
    card: fc.nat(5),
    store: fc.constantFrom(0 as const, 1 as const, null),
    amount: fc.integer({ min: 0, max: 9000 }),
    // Few distinct minutes, so that transactions share a created_at and the timeline's id tie-break is exercised.
    minute: fc.integer({ min: 0, max: 20 }),
  }),
  fc.record({ op: fc.constantFrom('void', 'refund'), target: fc.nat(40), amount: fc.integer({ min: 1, max: 9000 }), minute: fc.integer({ min: 0, max: 20 }) }),
);

async function deliver(records: SQSRecord[], batchSize: number): Promise<void> {
  const handler = historyHandler(orm, table, logger);
  for (let index = 0; index < records.length; index += batchSize) {
    const response = await handler(batchOf(records.slice(index, index + batchSize)));
    expect(response.batchItemFailures).toEqual([]);
  }
}

const shuffled = <T>(items: readonly T[], keys: readonly number[]): T[] =>
  items
    .map((item, index) => ({ item, key: keys[index % keys.length]! * 1_000 + index }))
    .sort((a, b) => a.key - b.key)
    .map(({ item }) => item);

/** Each card's history as the customer API pages it, two at a time. */
async function pagedByCard(cardIds: readonly string[]): Promise<Record<string, string[]>> {
  const pages: Record<string, string[]> = {};
  for (const cardId of cardIds) {
    const ids: string[] = [];
    let before: string | undefined;
    for (;;) {
      const page = await cardHistoryPage(table.client, table.name, cardId, before, 2);
      ids.push(...page.map((entry) => entry.transactionId));
      if (page.length < 2) break;
      before = `${page.at(-1)!.occurredAt}#${page.at(-1)!.transactionId}`;
    }
    pages[cardId] = ids;
  }
  return pages;
}

async function postgresOrderByCard(cardIds: readonly string[]): Promise<Record<string, string[]>> {
  const rows = await orm.em
    .fork()
    .execute<{ card_id: string; id: string }[]>(
      'select card_id, id from loyalty.transactions where card_id = any(?::uuid[]) order by created_at desc, id desc',
      [`{${cardIds.join(',')}}`],
    );
  return Object.fromEntries(cardIds.map((cardId) => [cardId, rows.filter((row) => row.card_id === cardId).map((row) => row.id)]));
}

async function deleteItems(businessId: string): Promise<void> {
  for (const entry of await tableEntries(table.client, table.name, businessId)) {
    await table.client.send(new DeleteCommand({ TableName: table.name, Key: historyKey(entry.transactionId) }));
  }
}

test('the table the writer keeps and a backfill both equal Postgres, whatever the order, duplicates and stale deliveries', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(command, { minLength: 5, maxLength: 30 }),
      fc.array(fc.boolean(), { minLength: 1, maxLength: 30 }),
      fc.nat(4),
      fc.array(fc.nat(1000), { minLength: 1, maxLength: 60 }),
      fc.integer({ min: 1, max: 10 }),
      async (commands, deliverWhilePending, leftPending, orderKeys, batchSize) => {
        const tenant = await createTenant(orm, 3, start);
        const history: string[] = [];
        const early: SQSRecord[] = [];
        for (const [index, step] of [...commands].sort((a, b) => a.minute - b.minute).entries()) {
          // Some recorded events reach the writer while the processor has not yet applied the row.
          const id = await run(orm, tenant, history, step, start, async (transactionId) => {
            if (!deliverWhilePending[index % deliverWhilePending.length]) return;
            const record = await recordedRecord(orm, transactionId);
            early.push(record);
            await deliver([record], 1);
          });
          if (id) history.push(id);
        }
        // Some the processor has not applied at all (yet).
        for (let index = 0; index < leftPending; index += 1) {
          await orm.em
            .fork()
            .execute(
              `insert into loyalty.transactions (id, business_id, card_id, store_id, kind, pos_transaction_id, status, recorded_by, created_at) values (?, ?, ?, ?, 'visit', ?, 'pending', 'test', ?)`,
              [randomUUID(), tenant.businessId, tenant.cards[index % tenant.cards.length]!.id, tenant.storeIds[0], randomUUID(), start],
            );
        }
        const ids = (await orm.em.fork().execute<{ id: string }[]>('select id from loyalty.transactions where business_id = ?', [tenant.businessId])).map(
          (row) => row.id,
        );
        const recorded = await Promise.all(ids.map((id) => recordedRecord(orm, id)));
        const settled = (await eventsOf(orm, tenant.businessId)).filter((record) => record.body.includes('"transaction.settled"'));
        // Everything again, out of order, with the early recorded events a second time (now stale).
        await deliver(shuffled([...recorded, ...settled, ...early], orderKeys), batchSize);

        const expected = await postgresEntries(orm, tenant.businessId);
        expect(expected).toHaveLength(ids.length);
        expect(await tableEntries(table.client, table.name, tenant.businessId)).toEqual(expected);
        const cardIds = tenant.cards.map((card) => card.id);
        expect(await pagedByCard(cardIds)).toEqual(await postgresOrderByCard(cardIds));

        await deleteItems(tenant.businessId);
        await backfillHistory(orm.em.fork(), table, { businessIds: [tenant.businessId], pageSize: 10 });
        expect(await tableEntries(table.client, table.name, tenant.businessId)).toEqual(expected);
        // A backfill over a table the writer already keeps, and the writer after it, change nothing.
        await backfillHistory(orm.em.fork(), table, { businessIds: [tenant.businessId] });
        await deliver(shuffled([...settled, ...early], [...orderKeys].reverse()), batchSize);
        expect(await tableEntries(table.client, table.name, tenant.businessId)).toEqual(expected);
      },
    ),
    { numRuns: 12 },
  );
}, 300_000);
