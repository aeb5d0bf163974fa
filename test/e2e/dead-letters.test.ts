import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { sesInbox } from '@loyalty/local-stack';
import { switchableProxy, waitFor, type SwitchableProxy } from '@loyalty/testing';
import pg from 'pg';
import { deadLetterQueue, queueDepth, type DeadLetterQueue } from '../../scripts/ops/dead-letters/dead-letter-queues.js';
import { purgeDeadLetters } from '../../scripts/ops/dead-letters/purge-dead-letters.js';
import { replayDeadLetters } from '../../scripts/ops/dead-letters/replay-dead-letters.js';
import { showDeadLetters } from '../../scripts/ops/dead-letters/show-dead-letters.js';
import { call } from '../support/http.js';
import { messagesInQueue } from '../support/queues.js';
import { setUpStampProgram, type StampShop } from '../support/stamp-program.js';
import { startSystem, type System } from '../support/system.js';

// The notifier reaches SES through a proxy the tests switch off: an outage its messages die of, then recover from.
let ses: SwitchableProxy;
let system: System;
let database: pg.Pool;
const inbox = sesInbox(process.env.AWS_ENDPOINT_URL_SESV2!);

beforeAll(async () => {
  ses = await switchableProxy(process.env.AWS_ENDPOINT_URL_SESV2!);
  system = await startSystem({ queueVisibilitySeconds: 1, env: { AWS_ENDPOINT_URL_SESV2: ses.endpoint } });
  database = new pg.Pool({ connectionString: system.db.url, max: 2 });
});
afterAll(async () => {
  await database?.end();
  await system?.stop();
  await ses?.close();
});

const dlqOf = (queue: 'transactions' | 'email') => deadLetterQueue(system.clients.sqs, system.topology.prefix, queue);

async function untilInDlq(dlq: DeadLetterQueue, count: number): Promise<void> {
  await waitFor(async () => (await queueDepth(system.clients.sqs, dlq.url)).visible >= count, {
    timeoutMs: 20_000,
    description: `${count} message(s) in ${dlq.name}`,
  });
}

/** A transaction.recorded envelope whose payload the processor cannot accept: poison, whatever the retries. */
async function sendPoison(): Promise<string> {
  const id = randomUUID();
  const poison = {
    id,
    type: 'transaction.recorded',
    version: 1,
    occurredAt: new Date().toISOString(),
    businessId: randomUUID(),
    aggregate: { type: 'transaction', id: randomUUID() },
    correlationId: randomUUID(),
    causationId: null,
    payload: { cardId: 'not-a-card' },
  };
  await system.clients.sqs.send(new SendMessageCommand({ QueueUrl: system.topology.queues.transactions.url, MessageBody: JSON.stringify(poison) }));
  return id;
}

/** A full stamp card: its reward.unlocked event becomes an email to the customer. */
async function unlockReward(): Promise<StampShop> {
  const shop = await setUpStampProgram(system, { stampsRequired: 1, reward: 'A croissant' });
  const visit = await call(system.admin.url, 'POST', `/businesses/${shop.businessId}/transactions`, {
    token: shop.staffToken,
    headers: { prefer: 'wait=5' },
    body: { kind: 'visit', cardId: shop.cardId, storeId: shop.storeId, posTransactionId: `pos-${randomUUID()}` },
  });
  expect(visit.status).toBe(200);
  return shop;
}

const emailsTo = async (shop: StampShop) => (await inbox.list()).filter((mail) => mail.destination.to.includes(shop.customerEmail));

async function rewardEventId(shop: StampShop): Promise<string> {
  const { rows } = await database.query<{ id: string }>(
    `select id from messaging.outbox where event_type = 'reward.unlocked' and payload->'customer'->>'email' = $1`,
    [shop.customerEmail],
  );
  expect(rows).toHaveLength(1);
  return rows[0]!.id;
}

async function notifierInboxRows(eventId: string): Promise<number> {
  const { rows } = await database.query<{ n: number }>(`select count(*)::int as n from messaging.inbox where consumer = 'notifier' and event_id = $1`, [
    eventId,
  ]);
  return rows[0]!.n;
}

async function untilEmailQueueEmpty(): Promise<void> {
  await waitFor(async () => (await messagesInQueue(system.clients.sqs, system.topology.queues.email.url)) === 0, {
    timeoutMs: 15_000,
    description: 'the email queue handled',
  });
}

test('a poison message lands in the DLQ with the reason its consumer failed it, `npm run ops -- dlq list` counts it, and purge needs a yes', async () => {
  const eventId = await sendPoison();
  const dlq = await dlqOf('transactions');
  await untilInDlq(dlq, 1);

  const [letter, ...others] = await showDeadLetters(system.clients.sqs, database, dlq, 10);
  expect(others).toEqual([]);
  expect(letter).toMatchObject({
    eventId,
    eventType: 'transaction.recorded',
    consumer: 'loyalty-processor',
    reason: expect.stringContaining('InvalidEventError: bad transaction.recorded payload'),
    receiveCount: 3,
    firstReceivedAt: expect.any(Date),
    lastFailedAt: expect.any(Date),
  });
  expect(letter!.lastFailedAt!.getTime()).toBeGreaterThan(letter!.firstReceivedAt!.getTime());
  // Looking did not take it away.
  expect((await queueDepth(system.clients.sqs, dlq.url)).visible).toBe(1);

  const { stdout } = await promisify(execFile)('npm', ['run', '-s', 'ops', '--', 'dlq', 'list', '--env', system.topology.prefix], { env: process.env });
  const rows = stdout.split('\n').map((line) => line.trim().split(/\s{2,}/));
  expect(rows).toContainEqual(['transactions', dlq.name, '1', '0', expect.stringMatching(/^\d+s$/)]);
  expect(rows).toContainEqual(['email', `${system.topology.prefix}-email-dlq`, '0', '0', '-']);

  await expect(purgeDeadLetters(system.clients.sqs, dlq, { confirmed: false })).rejects.toThrow(/refusing .* without --yes/);
  expect((await queueDepth(system.clients.sqs, dlq.url)).visible).toBe(1);
  expect(await purgeDeadLetters(system.clients.sqs, dlq, { confirmed: true })).toBe(1);
  expect(await queueDepth(system.clients.sqs, dlq.url)).toEqual({ visible: 0, inFlight: 0 });
});

test('email that died while SES was down is sent exactly once when replayed after SES is back, and replaying again sends nothing more', async () => {
  const dlq = await dlqOf('email');
  await ses.down();
  const shop = await unlockReward();
  await untilInDlq(dlq, 1);
  const [letter] = await showDeadLetters(system.clients.sqs, database, dlq, 10);
  expect(letter).toMatchObject({ eventType: 'reward.unlocked', consumer: 'notifier', reason: expect.stringContaining('ECONNREFUSED') });
  expect(await emailsTo(shop)).toEqual([]);

  await ses.up();
  const progress: string[] = [];
  const replay = await replayDeadLetters(system.clients.sqs, dlq, { onProgress: ({ moved, of }) => progress.push(`${moved}/${of}`) });

  expect(replay).toMatchObject({ moved: [letter!.messageId], sendFailures: [], deleteFailures: [], notFound: [] });
  expect(progress).toEqual(['1/1']);
  await waitFor(async () => (await emailsTo(shop)).length === 1, { description: 'the reward email' });
  await untilEmailQueueEmpty();

  expect(await replayDeadLetters(system.clients.sqs, dlq)).toMatchObject({ selected: [], moved: [] });
  expect(await emailsTo(shop)).toHaveLength(1);
  expect(await notifierInboxRows(await rewardEventId(shop))).toBe(1);
});

test('a replay that crashes between the send and the delete leaves a duplicate in the DLQ, never a loss; replaying it sends no second email', async () => {
  const dlq = await dlqOf('email');
  await ses.down();
  const shop = await unlockReward();
  await untilInDlq(dlq, 1);
  await ses.up();

  const crash = replayDeadLetters(system.clients.sqs, dlq, {
    visibilityTimeoutSeconds: 1,
    beforeDelete: async () => {
      throw new Error('the replay process died');
    },
  });
  await expect(crash).rejects.toThrow('the replay process died');

  await waitFor(async () => (await emailsTo(shop)).length === 1, { description: 'the email from the copy that was sent' });
  // The crashed replay's message is hidden until its visibility timeout runs out, then it is back.
  const [duplicate] = await waitFor(
    async () => {
      const letters = await showDeadLetters(system.clients.sqs, database, dlq, 10);
      return letters.length > 0 && letters;
    },
    { description: 'the message back in the DLQ' },
  );
  expect(await replayDeadLetters(system.clients.sqs, dlq)).toMatchObject({ moved: [duplicate!.messageId] });
  await untilEmailQueueEmpty();

  expect(await emailsTo(shop)).toHaveLength(1);
  expect(await notifierInboxRows(await rewardEventId(shop))).toBe(1);
  expect(await queueDepth(system.clients.sqs, dlq.url)).toEqual({ visible: 0, inFlight: 0 });
});

test('a dry run moves nothing, and --id moves only the messages named by event or message id', async () => {
  const dlq = await dlqOf('transactions');
  const [first, second] = [await sendPoison(), await sendPoison()];
  await untilInDlq(dlq, 2);
  const before = await showDeadLetters(system.clients.sqs, database, dlq, 10);
  const messageIdOf = (eventId: string) => before.find((letter) => letter.eventId === eventId)!.messageId;

  const dryRun = await replayDeadLetters(system.clients.sqs, dlq, { ids: [first], dryRun: true });
  expect(dryRun.selected.map((letter) => letter.messageId)).toEqual([messageIdOf(first)]);
  expect(dryRun.moved).toEqual([]);
  expect(await queueDepth(system.clients.sqs, dlq.url)).toEqual({ visible: 2, inFlight: 0 });

  const replay = await replayDeadLetters(system.clients.sqs, dlq, { ids: [messageIdOf(first), 'no-such-id'] });
  expect(replay.moved).toEqual([messageIdOf(first)]);
  expect(replay.notFound).toEqual(['no-such-id']);
  // Still poison, the replayed copy will die again, under a new message id.
  const left = (await showDeadLetters(system.clients.sqs, database, dlq, 10)).map((letter) => letter.messageId);
  expect(left).toContain(messageIdOf(second));
  expect(left).not.toContain(messageIdOf(first));
});
