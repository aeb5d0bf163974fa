import { DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { sesInbox } from '@loyalty/local-stack';
import type { ProvisionedTopology, QueueName } from '@loyalty/topology';
import type pg from 'pg';
import type { Poison } from './faults.js';
import type { CardBook } from './model.js';
import type { Shop } from './setup.js';
import type { WorkloadResult } from './workload.js';

export interface Guarantee {
  name: string;
  checked: number;
  violations: string[];
}

interface Context {
  pool: pg.Pool;
  sqs: SQSClient;
  sesEndpoint: string;
  topology: ProvisionedTopology;
  shop: Shop;
  workload: WorkloadResult;
  poison: readonly Poison[];
}

/** Waits until nothing is left in flight: no pending transaction, no unpublished event, every queue empty but for the poison on its way to its DLQ. */
export async function untilSettled(
  { pool, sqs, topology, shop, poison }: Omit<Context, 'workload' | 'sesEndpoint'>,
  timeoutMs: number,
  log: (line: string) => void,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const { rows } = await pool
      .query<{ pending: number; unpublished: number }>(
        `select (select count(*)::int from loyalty.transactions where business_id = $1 and status = 'pending') as pending,
                (select count(*)::int from messaging.outbox where published_at is null and parked_at is null) as unpublished`,
        [shop.businessId],
      )
      .catch(() => ({ rows: [] }));
    const depths = await Promise.all(
      (Object.keys(topology.queues) as QueueName[]).map(async (queue) => {
        const { url, deadLetterUrl } = topology.queues[queue];
        const expectedDead = poison.filter((message) => message.queue === queue).length;
        const [main, dead] = await Promise.all([depth(sqs, url), depth(sqs, deadLetterUrl)]);
        return { queue, busy: main > 0 || dead < expectedDead, main, dead };
      }),
    );
    const state = rows[0];
    const busyQueues = depths.filter((entry) => entry.busy);
    const line = `settling: ${state?.pending ?? '?'} pending, ${state?.unpublished ?? '?'} unpublished, queues busy: ${busyQueues.map((entry) => `${entry.queue} ${entry.main}/${entry.dead}dlq`).join(', ') || 'none'}`;
    if (line !== last) log(line);
    last = line;
    if (state && state.pending === 0 && state.unpublished === 0 && busyQueues.length === 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  return false;
}

export async function checkGuarantees(context: Context): Promise<Guarantee[]> {
  return [
    ...(await writesChecks(context)),
    ...(await balanceChecks(context)),
    ...(await emailChecks(context)),
    await deadLetterCheck(context),
    await outboxCheck(context),
  ];
}

interface TransactionRow {
  pos_transaction_id: string;
  id: string;
  status: string;
  ledger_sum: number;
  ledger_entries: number;
}

async function writesChecks({ pool, shop, workload }: Context): Promise<Guarantee[]> {
  const { rows } = await pool.query<TransactionRow>(
    `select t.pos_transaction_id, t.id, t.status,
            coalesce((select sum(l.amount) from loyalty.ledger_entries l where l.transaction_id = t.id), 0)::int as ledger_sum,
            (select count(*) from loyalty.ledger_entries l where l.transaction_id = t.id)::int as ledger_entries
       from loyalty.transactions t where t.business_id = $1 and t.pos_transaction_id like 'chaos-%'`,
    [shop.businessId],
  );
  const byPosId = new Map(rows.map((row) => [row.pos_transaction_id, row]));
  const once: Guarantee = { name: 'accepted write: one transaction row, settled as the client was told', checked: 0, violations: [] };
  const effect: Guarantee = { name: 'applied write: its ledger effect once, as the rules say', checked: 0, violations: [] };
  const rejected: Guarantee = { name: 'rejected write: nothing applied', checked: 0, violations: [] };
  const answered: Guarantee = { name: 'every write answered (retried with the same posTransactionId)', checked: 0, violations: [] };
  const told: Guarantee = { name: 'the client was told what the rules say', checked: workload.records.length, violations: [...workload.surprises] };

  for (const record of workload.records) {
    const row = byPosId.get(record.posTransactionId);
    answered.checked++;
    if (record.told.type === 'unanswered') {
      answered.violations.push(`${record.posTransactionId}: no answer (${record.told.lastError}); rows: ${row ? 1 : 0}`);
      continue;
    }
    if (record.told.type === 'accepted') {
      once.checked++;
      if (!row) once.violations.push(`${record.posTransactionId}: accepted as ${record.told.transactionId}, no row`);
      else if (row.id !== record.told.transactionId || row.status !== record.told.settled) {
        once.violations.push(`${record.posTransactionId}: told ${record.told.transactionId} ${record.told.settled}, row ${row.id} ${row.status}`);
      }
    }
    const applied = record.told.type === 'accepted' && record.told.settled === 'applied';
    if (applied && row && record.expected.applies) {
      effect.checked++;
      if (row.ledger_sum !== record.expected.delta) {
        effect.violations.push(
          `${record.posTransactionId} (${record.kind}): ledger ${row.ledger_sum} in ${row.ledger_entries} entries, expected ${record.expected.delta}`,
        );
      }
    }
    if (!applied) {
      rejected.checked++;
      if (row && (row.status === 'applied' || row.ledger_entries > 0)) {
        rejected.violations.push(
          `${record.posTransactionId}: told ${JSON.stringify(record.told)}, row ${row.status} with ${row.ledger_entries} ledger entries`,
        );
      }
    }
  }
  const recorded = new Set(workload.records.map((record) => record.posTransactionId));
  for (const row of rows) {
    if (!recorded.has(row.pos_transaction_id)) once.violations.push(`${row.pos_transaction_id}: a row for a write the client never made`);
  }
  return [once, effect, rejected, answered, told];
}

async function balanceChecks({ pool, shop, workload }: Context): Promise<Guarantee[]> {
  const { rows } = await pool.query<{ id: string; balance: number; ledger: number; rewards: number; redeemed: number }>(
    `select c.id, c.balance,
            coalesce((select sum(l.amount) from loyalty.ledger_entries l where l.card_id = c.id), 0)::int as ledger,
            (select count(*) from loyalty.rewards r where r.card_id = c.id and r.catalog_reward_id is null)::int as rewards,
            (select count(*) from loyalty.rewards r where r.card_id = c.id and r.catalog_reward_id is null and r.status = 'redeemed')::int as redeemed
       from loyalty.cards c where c.program_id = any($1)`,
    [[shop.stampProgramId, shop.pointsProgramId]],
  );
  const books = new Map<string, CardBook>(workload.books.map((book) => [book.card.id, book]));
  const ledger: Guarantee = { name: 'card balance = the sum of its ledger', checked: rows.length, violations: [] };
  const expected: Guarantee = { name: 'card balance and rewards = the client’s hand-computed book', checked: rows.length, violations: [] };
  for (const row of rows) {
    if (row.balance !== row.ledger) ledger.violations.push(`card ${row.id}: balance ${row.balance}, ledger ${row.ledger}`);
    const book = books.get(row.id);
    if (!book) {
      expected.violations.push(`card ${row.id}: not in the client's books`);
      continue;
    }
    if (row.balance !== book.balance || row.rewards !== book.rewardsUnlocked || row.redeemed !== book.redeemedRewardIds.size) {
      expected.violations.push(
        `card ${row.id} (${book.card.kind}): balance ${row.balance}, rewards ${row.rewards} (${row.redeemed} redeemed); book ${book.balance}, ${book.rewardsUnlocked} (${book.redeemedRewardIds.size})`,
      );
    }
  }
  return [ledger, expected];
}

async function emailChecks({ pool, shop, sesEndpoint }: Context): Promise<Guarantee[]> {
  const { rows: rewards } = await pool.query<{ reward_id: string; email: string; events: number; emailed_events: number }>(
    `select r.id as reward_id, cu.email,
            (select count(*) from messaging.outbox o where o.event_type = 'reward.unlocked' and o.payload->>'rewardId' = r.id::text)::int as events,
            (select count(*) from messaging.outbox o join messaging.inbox i on i.event_id = o.id and i.consumer = 'notifier'
              where o.event_type = 'reward.unlocked' and o.payload->>'rewardId' = r.id::text)::int as emailed_events
       from loyalty.rewards r join loyalty.cards c on c.id = r.card_id join customer.customers cu on cu.id = c.customer_id
      where r.business_id = $1 and r.catalog_reward_id is null`,
    [shop.businessId],
  );
  const { rows: orphans } = await pool.query<{ id: string; reward_id: string }>(
    `select o.id, o.payload->>'rewardId' as reward_id from messaging.outbox o
      where o.event_type = 'reward.unlocked' and o.business_id = $1
        and not exists (select 1 from loyalty.rewards r where r.id::text = o.payload->>'rewardId')`,
    [shop.businessId],
  );
  const mails = (await sesInbox(sesEndpoint).list()).filter((mail) => mail.subject.startsWith('Your reward is ready'));
  const mailsTo = new Map<string, number>();
  for (const mail of mails) for (const to of mail.destination.to) mailsTo.set(to, (mailsTo.get(to) ?? 0) + 1);
  const rewardsOf = new Map<string, number>();
  for (const reward of rewards) rewardsOf.set(reward.email, (rewardsOf.get(reward.email) ?? 0) + 1);

  const emailed: Guarantee = { name: 'every reward unlocked emailed at least once', checked: rewards.length, violations: [] };
  for (const reward of rewards) {
    if (reward.events !== 1 || reward.emailed_events !== 1) {
      emailed.violations.push(`reward ${reward.reward_id}: ${reward.events} reward.unlocked event(s), ${reward.emailed_events} handled by the notifier`);
    }
  }
  for (const [email, count] of rewardsOf) {
    const received = mailsTo.get(email) ?? 0;
    if (received < count) emailed.violations.push(`${email}: ${count} reward(s), ${received} email(s) in the SES inbox`);
  }
  const noStray: Guarantee = { name: 'no reward email without a reward', checked: mails.length + orphans.length, violations: [] };
  for (const orphan of orphans) noStray.violations.push(`event ${orphan.id}: reward.unlocked for reward ${orphan.reward_id}, which does not exist`);
  for (const [email, count] of mailsTo) {
    if (!rewardsOf.has(email)) noStray.violations.push(`${email}: ${count} reward email(s), no reward`);
  }
  return [emailed, noStray];
}

async function deadLetterCheck({ sqs, topology, poison }: Context): Promise<Guarantee> {
  const guarantee: Guarantee = { name: 'DLQs hold exactly the injected poison messages', checked: 0, violations: [] };
  for (const queue of Object.keys(topology.queues) as QueueName[]) {
    const bodies = await drain(sqs, topology.queues[queue].deadLetterUrl);
    guarantee.checked += bodies.length;
    const expected = poison.filter((message) => message.queue === queue).map((message) => message.body);
    for (const body of bodies) {
      const at = expected.indexOf(body);
      if (at >= 0) expected.splice(at, 1);
      else guarantee.violations.push(`${queue}-dlq holds a message that is no poison: ${body.slice(0, 200)}`);
    }
    for (const body of expected) guarantee.violations.push(`${queue}-dlq is missing the poison ${body.slice(0, 80)}`);
  }
  return guarantee;
}

async function outboxCheck({ pool }: Context): Promise<Guarantee> {
  const { rows } = await pool.query<{ total: number; unpublished: number; parked: number }>(
    `select count(*)::int as total, count(*) filter (where published_at is null and parked_at is null)::int as unpublished,
            count(*) filter (where parked_at is not null)::int as parked from messaging.outbox`,
  );
  const state = rows[0]!;
  const violations = [
    ...(state.unpublished > 0 ? [`${state.unpublished} event(s) never published`] : []),
    ...(state.parked > 0 ? [`${state.parked} event(s) parked`] : []),
  ];
  return { name: 'every event published (none left, none parked)', checked: state.total, violations };
}

async function depth(sqs: SQSClient, url: string): Promise<number> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
}

/** Takes every message out of a DLQ (the run's own queues: nothing else reads them). */
async function drain(sqs: SQSClient, url: string): Promise<string[]> {
  const bodies: string[] = [];
  for (let empty = 0; empty < 2; ) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 300 }));
    if (Messages.length === 0) {
      empty++;
      continue;
    }
    bodies.push(...Messages.map((message) => message.Body ?? ''));
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: Messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
      }),
    );
  }
  return bodies;
}
