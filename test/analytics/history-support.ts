import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSRecord } from 'aws-lambda';
import { openDatabase, type MikroORM } from '@loyalty/db';
import { documentClient, fromHistoryItem, type DynamoDBDocumentClient, type HistoryEntry } from '@loyalty/tables';
import { createTestDatabase, uniquePrefix } from '@loyalty/testing';
import { awsClients, destroyClients, provisionTopology } from '@loyalty/topology';
import { historyTable, type HistoryTable } from '../../services/analytics/src/data-access/history-table.js';
import { sqsRecord } from './workload.js';

/** The `transaction.recorded` the admin API would have written with the row, as the history queue delivers it. */
export async function recordedRecord(orm: MikroORM, transactionId: string): Promise<SQSRecord> {
  const [row] = await orm.em
    .fork()
    .execute<
      { business_id: string; card_id: string; program_id: string; store_id: string | null; kind: string; pos_transaction_id: string; created_at: Date }[]
    >(
      `select t.business_id, t.card_id, c.program_id, t.store_id, t.kind, t.pos_transaction_id, t.created_at
         from loyalty.transactions t join loyalty.cards c on c.id = t.card_id where t.id = ?`,
      [transactionId],
    );
  if (!row) throw new Error(`no transaction ${transactionId}`);
  return sqsRecord({
    id: randomUUID(),
    type: 'transaction.recorded',
    version: 1,
    occurredAt: new Date(row.created_at).toISOString(),
    businessId: row.business_id,
    aggregate: { type: 'transaction', id: transactionId },
    correlationId: randomUUID(),
    causationId: null,
    payload: {
      transactionId,
      cardId: row.card_id,
      programId: row.program_id,
      storeId: row.store_id,
      kind: row.kind,
      posTransactionId: row.pos_transaction_id,
      recordedAt: new Date(row.created_at).toISOString(),
    },
  });
}

/** Every history item of the business (a test may scan; the services only query). */
export async function tableEntries(client: DynamoDBDocumentClient, table: string, businessId: string): Promise<HistoryEntry[]> {
  const entries: HistoryEntry[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: 'businessId = :business',
        ExpressionAttributeValues: { ':business': businessId },
        ExclusiveStartKey: startKey,
      }),
    );
    entries.push(...(page.Items ?? []).map(fromHistoryItem));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return entries.sort((a, b) => (a.transactionId < b.transactionId ? -1 : 1));
}

/**
 * What the customer must see of each of the business's transactions, read straight from Postgres
 * (not through the writer's query), in transaction id order.
 */
export async function postgresEntries(orm: MikroORM, businessId: string): Promise<HistoryEntry[]> {
  const rows = await orm.em
    .fork()
    .execute<(Omit<HistoryEntry, 'amount' | 'delta' | 'balanceAfter'> & { amount: string | null; delta: number | null; balanceAfter: number | null })[]>(
      `select t.id as "transactionId", t.business_id as "businessId", t.card_id as "cardId", c.customer_id as "customerId", c.program_id as "programId",
            t.kind, t.status,
            case when t.status = 'applied' then (t.result->>'delta')::int end as delta,
            case when t.status = 'applied' then (t.result->>'balanceAfter')::int end as "balanceAfter",
            case when t.status = 'rejected' then t.rejection->>'code' end as "rejectionCode",
            t.amount, t.currency, t.store_id as "storeId", s.name as "storeName",
            to_char(t.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "occurredAt",
            to_char(t.applied_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "settledAt"
       from loyalty.transactions t join loyalty.cards c on c.id = t.card_id left join business.stores s on s.id = t.store_id
      where t.business_id = ? order by t.id`,
      [businessId],
    );
  return rows.map((row) => ({ ...row, amount: row.amount === null ? null : Number(row.amount) }));
}

export interface HistoryTestEnvironment {
  orm: MikroORM;
  table: HistoryTable;
  stop(): Promise<void>;
}

/** A database of its own and a history table of its own (a fresh topology prefix), for the writer's tests. */
export async function startHistoryTestEnvironment(): Promise<HistoryTestEnvironment> {
  const db = await createTestDatabase();
  const orm = await openDatabase({ databaseUrl: db.url, poolMax: 5 });
  const clients = awsClients();
  const { prefix } = await provisionTopology(clients, { prefix: uniquePrefix('history') });
  return {
    orm,
    table: historyTable(documentClient(clients.dynamodb), prefix),
    async stop() {
      await orm.close();
      destroyClients(clients);
      await db.drop();
    },
  };
}
