import { SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { claimDueRows, publishRows, snsPublishBatch, type OutboxRow } from '@loyalty/outbox';
import { topicArn } from '@loyalty/topology';
import { waitFor } from '@loyalty/testing';
import pg from 'pg';
import { call } from '../support/http.js';
import { messagesInQueue, receiveAll } from '../support/queues.js';
import { startSystem, type System } from '../support/system.js';
import { cardBalance, setUpStampProgram, type StampShop } from '../support/stamp-program.js';

// The relay stays idle unless a test drives it, so each test decides when (and how often) events leave.
let system: System;
beforeAll(async () => {
  system = await startSystem({ relay: { listen: false, pollIntervalMs: 3_600_000 }, queueVisibilitySeconds: 1 });
});
afterAll(async () => {
  await system?.stop();
});

async function recordVisit(shop: StampShop, posTransactionId: string): Promise<string> {
  const response = await call<{ id: string }>(system.admin.url, 'POST', `/businesses/${shop.businessId}/transactions`, {
    token: shop.staffToken,
    body: { kind: 'visit', cardId: shop.cardId, storeId: shop.storeId, posTransactionId },
  });
  expect(response.status).toBe(202);
  return response.body.id;
}

/** Claims the visit's outbox row the way the relay does, without marking it: the relay's view of that event. */
async function pendingEvents(transactionId: string): Promise<{ client: pg.Client; rows: OutboxRow[] }> {
  const client = new pg.Client({ connectionString: system.db.url });
  await client.connect();
  await client.query('begin');
  const rows = (await claimDueRows(client, 100)).filter((row) => row.envelope.aggregate.id === transactionId);
  expect(rows).toHaveLength(1);
  return { client, rows };
}

/** The loyalty processor's inbox rows of the event (the analytics processor keeps its own). */
async function inboxRows(eventId: string): Promise<number> {
  const [row] = await system.admin.orm.em
    .fork()
    .execute<{ n: string }[]>(`select count(*) as n from messaging.inbox where event_id = ? and consumer = 'loyalty-processor'`, [eventId]);
  return Number(row?.n);
}

const transactionsQueue = () => system.topology.queues.transactions;

test('the same event delivered twice to the loyalty processor stamps the card once', async () => {
  const shop = await setUpStampProgram(system, { stampsRequired: 10, reward: 'Cake' });
  const transactionId = await recordVisit(shop, 'dup-1');
  const { client, rows } = await pendingEvents(transactionId);
  await client.query('rollback');
  await client.end();
  const body = JSON.stringify(rows[0]!.envelope);

  await system.clients.sqs.send(new SendMessageCommand({ QueueUrl: transactionsQueue().url, MessageBody: body }));
  await system.clients.sqs.send(new SendMessageCommand({ QueueUrl: transactionsQueue().url, MessageBody: body }));

  await waitFor(async () => (await messagesInQueue(system.clients.sqs, transactionsQueue().url)) === 0, { description: 'both deliveries handled' });
  expect(await cardBalance(system, shop.cardId)).toEqual({ cached: 1, ledger: 1, entries: 1 });
  expect(await inboxRows(rows[0]!.id)).toBe(1);
});

test('a relay that dies after publishing but before marking its rows: the event goes out again and applies once', async () => {
  const shop = await setUpStampProgram(system, { stampsRequired: 10, reward: 'Cake' });
  const transactionId = await recordVisit(shop, 'crash-1');

  const { client, rows } = await pendingEvents(transactionId);
  const scope = { region: 'us-east-1', accountId: '000000000000', prefix: system.topology.prefix };
  const outcomes = await publishRows(rows, { publish: snsPublishBatch(system.clients.sns, 5_000), topicArn: (topic) => topicArn(scope, topic) });
  expect([...outcomes.values()]).toEqual([{ status: 'published' }]);
  // The relay process dies here: its transaction rolls back, so the row is still unpublished.
  await client.query('rollback');
  await client.end();

  await waitFor(async () => (await cardBalance(system, shop.cardId)).cached === 1, { description: 'the first delivery applied' });
  const drained = await system.relay.drainOnce();
  expect(drained.published).toBeGreaterThanOrEqual(1);

  await waitFor(async () => (await messagesInQueue(system.clients.sqs, transactionsQueue().url)) === 0, { description: 'the second delivery handled' });
  expect(await cardBalance(system, shop.cardId)).toEqual({ cached: 1, ledger: 1, entries: 1 });
  expect(await inboxRows(rows[0]!.id)).toBe(1);
});

test('a malformed message ends in the dead-letter queue while the rest of its batch is processed', async () => {
  const shop = await setUpStampProgram(system, { stampsRequired: 10, reward: 'Cake' });
  const transactionId = await recordVisit(shop, 'batch-1');
  const { client, rows } = await pendingEvents(transactionId);
  await client.query('rollback');
  await client.end();

  await system.clients.sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: transactionsQueue().url,
      Entries: [
        { Id: 'bad-json', MessageBody: '{"this is": not json' },
        { Id: 'good', MessageBody: JSON.stringify(rows[0]!.envelope) },
        { Id: 'bad-payload', MessageBody: JSON.stringify({ ...rows[0]!.envelope, id: crypto.randomUUID(), payload: { cardId: 'nope' } }) },
      ],
    }),
  );

  await waitFor(async () => (await cardBalance(system, shop.cardId)).cached === 1, { description: 'the good message applied' });
  const deadLetters: string[] = [];
  await waitFor(
    async () => {
      deadLetters.push(...(await receiveAll(system.clients.sqs, transactionsQueue().deadLetterUrl)));
      return deadLetters.length >= 2;
    },
    { timeoutMs: 20_000, description: 'both malformed messages in the DLQ' },
  );
  expect(deadLetters.sort()).toEqual([expect.stringContaining('"payload":{"cardId":"nope"}'), '{"this is": not json'].sort());
  expect(await cardBalance(system, shop.cardId)).toEqual({ cached: 1, ledger: 1, entries: 1 });
});
