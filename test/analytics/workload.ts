import { randomUUID } from 'node:crypto';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { MikroORM, PointsRules, StampRules } from '@loyalty/db';
import { writeEvent } from '@loyalty/outbox';
import { applyTransaction } from '../../services/loyalty-processor/src/use-cases/apply-transaction.js';
import { expireDueLots } from '../../services/loyalty-processor/src/use-cases/expire-due-lots.js';

/** A business whose first store is far east of UTC and second far west, so days differ from UTC days. */
export interface Tenant {
  businessId: string;
  storeIds: [string, string];
  stampProgramId: string;
  pointsProgramId: string;
  catalogRewardId: string;
  cards: { id: string; programId: string; kind: 'stamp' | 'points' }[];
}

const stampRules: StampRules = {
  stampsPerVisit: 1,
  stampsRequired: 3,
  rewardDescription: 'A free coffee',
  dailyStampLimit: null,
  minimumAmount: 0,
  stampValidityDays: null,
};
const pointsRules: PointsRules = {
  currency: 'EUR',
  pointsPerUnit: 1,
  rounding: 'down',
  minimumAmount: 0,
  enrolmentBonus: 0,
  expiry: { type: 'after', amount: 2, unit: 'days' },
  expiringNoticeDays: 1,
  tiers: [],
  tierWindowDays: 365,
};

export async function createTenant(orm: MikroORM, customers: number, start: Date): Promise<Tenant> {
  const em = orm.em.fork();
  const businessId = randomUUID();
  const brandId = randomUUID();
  const storeIds: [string, string] = [randomUUID(), randomUUID()];
  const stampProgramId = randomUUID();
  const pointsProgramId = randomUUID();
  const catalogRewardId = randomUUID();
  await em.execute('insert into business.businesses (id, name) values (?, ?)', [businessId, 'Cafe']);
  await em.execute('insert into business.brands (id, business_id, name) values (?, ?, ?)', [brandId, businessId, 'Brand']);
  for (const [index, timeZone] of ['Pacific/Kiritimati', 'America/Los_Angeles'].entries()) {
    await em.execute('insert into business.stores (id, business_id, brand_id, name, time_zone, created_at) values (?, ?, ?, ?, ?, ?)', [
      storeIds[index],
      businessId,
      brandId,
      `Store ${index}`,
      timeZone,
      new Date(start.getTime() - (2 - index) * 86_400_000),
    ]);
  }
  for (const [id, kind, rules] of [
    [stampProgramId, 'stamp', stampRules],
    [pointsProgramId, 'points', pointsRules],
  ] as const) {
    await em.execute('insert into loyalty.programs (id, business_id, brand_id, name, kind, status, rules) values (?, ?, ?, ?, ?, ?, ?::jsonb)', [
      id,
      businessId,
      brandId,
      kind,
      kind,
      'active',
      JSON.stringify(rules),
    ]);
  }
  await em.execute('insert into loyalty.catalog_rewards (id, business_id, program_id, name, cost) values (?, ?, ?, ?, ?)', [
    catalogRewardId,
    businessId,
    pointsProgramId,
    'Mug',
    10,
  ]);
  const cards: Tenant['cards'] = [];
  for (let index = 0; index < customers; index += 1) {
    const customerId = randomUUID();
    await em.execute('insert into customer.customers (id, cognito_sub, email, display_name) values (?, ?, ?, ?)', [
      customerId,
      randomUUID(),
      `c${index}@example.com`,
      `C${index}`,
    ]);
    for (const [programId, kind] of [
      [stampProgramId, 'stamp'],
      [pointsProgramId, 'points'],
    ] as const) {
      cards.push({ id: randomUUID(), programId, kind });
      const card = cards.at(-1)!;
      // Enrolled through the day: some in the UTC evening, which is the next day in the first store's zone.
      const createdAt = new Date(start.getTime() + index * 5 * 3_600_000);
      await em.transactional(async (tx) => {
        await tx.execute('insert into loyalty.cards (id, business_id, program_id, customer_id, card_number, created_at) values (?, ?, ?, ?, ?, ?)', [
          card.id,
          businessId,
          programId,
          customerId,
          randomUUID(),
          createdAt,
        ]);
        await writeEvent(tx, {
          type: 'card.enrolled',
          businessId,
          aggregateId: card.id,
          payload: { cardId: card.id, programId, customerId, enrolledAt: createdAt.toISOString() },
        });
      });
    }
  }
  return { businessId, storeIds, stampProgramId, pointsProgramId, catalogRewardId, cards };
}

export type Command =
  | { op: 'visit' | 'purchase' | 'redeem' | 'bonus' | 'adjust'; card: number; store: 0 | 1 | null; amount: number; minute: number }
  | { op: 'void' | 'refund'; target: number; amount: number; minute: number }
  | { op: 'expire'; minute: number };

/**
 * Runs one command through the real loyalty processor at its own time; answers the transaction id, if one was recorded.
 * `whilePending` runs between the recording and the applying, as a consumer might see the row.
 */
export async function run(
  orm: MikroORM,
  tenant: Tenant,
  history: readonly string[],
  command: Command,
  start: Date,
  whilePending?: (transactionId: string) => Promise<void>,
): Promise<string | null> {
  const at = new Date(start.getTime() + command.minute * 60_000);
  if (command.op === 'expire') {
    await expireDueLots(orm.em.fork(), at);
    return null;
  }
  const em = orm.em.fork();
  let cardId: string;
  let storeId: string | null;
  let kind: string;
  let amount: number | null = null;
  let details: Record<string, unknown> = {};
  let reverses: string | null = null;
  if ('target' in command) {
    const target = history[command.target % Math.max(history.length, 1)];
    if (!target) return null;
    const [original] = await em.execute<{ card_id: string; store_id: string | null }[]>('select card_id, store_id from loyalty.transactions where id = ?', [
      target,
    ]);
    if (!original) return null;
    cardId = original.card_id;
    storeId = original.store_id;
    kind = command.op;
    reverses = target;
    if (command.op === 'refund') details = { refundAmount: Math.max(1, command.amount) };
  } else {
    const card = tenant.cards[command.card % tenant.cards.length]!;
    cardId = card.id;
    storeId = command.store === null ? null : tenant.storeIds[command.store];
    kind = { visit: 'visit', purchase: 'purchase', redeem: 'redemption', bonus: 'bonus', adjust: 'adjustment' }[command.op];
    if (command.op === 'purchase') amount = command.amount;
    if (command.op === 'bonus') details = { points: Math.max(1, command.amount % 50), reason: 'welcome' };
    if (command.op === 'adjust') details = { points: (command.amount % 40) - 20 || 1, reason: 'goodwill' };
    if (command.op === 'redeem') {
      if (card.kind === 'points') details = { catalogRewardId: tenant.catalogRewardId };
      else {
        const [reward] = await em.execute<{ id: string }[]>("select id from loyalty.rewards where card_id = ? and status = 'available' limit 1", [card.id]);
        if (!reward) return null;
        details = { rewardId: reward.id };
      }
    }
  }
  const id = randomUUID();
  await em.execute(
    `insert into loyalty.transactions (id, business_id, card_id, store_id, kind, pos_transaction_id, status, amount, currency, details, reverses_transaction_id, recorded_by, created_at)
     values (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?::jsonb, ?, 'test', ?)`,
    [id, tenant.businessId, cardId, storeId, kind, randomUUID(), amount, amount === null ? null : 'EUR', JSON.stringify(details), reverses, at],
  );
  await whilePending?.(id);
  await orm.em.fork().transactional((tx) => applyTransaction(tx, id, at));
  return id;
}

interface OutboxEventRow {
  id: string;
  event_type: string;
  event_version: number;
  created_at: Date;
  business_id: string;
  aggregate_type: string;
  aggregate_id: string;
  headers: { correlationId: string; causationId: string | null };
  payload: unknown;
}

/** Every event the tenant's activity wrote, as the analytics queue would deliver it (raw SNS delivery: the envelope is the body). */
export async function eventsOf(orm: MikroORM, businessId: string): Promise<SQSRecord[]> {
  const rows = await orm.em
    .fork()
    .execute<OutboxEventRow[]>(
      'select id, event_type, event_version, created_at, business_id, aggregate_type, aggregate_id, headers, payload from messaging.outbox where business_id = ? order by id',
      [businessId],
    );
  return rows.map((row) =>
    sqsRecord({
      id: row.id,
      type: row.event_type,
      version: row.event_version,
      occurredAt: new Date(row.created_at).toISOString(),
      businessId: row.business_id,
      aggregate: { type: row.aggregate_type, id: row.aggregate_id },
      correlationId: row.headers.correlationId,
      causationId: row.headers.causationId,
      payload: row.payload,
    }),
  );
}

export function sqsRecord(envelope: unknown): SQSRecord {
  return {
    messageId: randomUUID(),
    receiptHandle: randomUUID(),
    body: JSON.stringify(envelope),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()), SenderId: 'test', ApproximateFirstReceiveTimestamp: String(Date.now()) },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:analytics',
    awsRegion: 'us-east-1',
  };
}

export const batchOf = (records: SQSRecord[]): SQSEvent => ({ Records: records });
