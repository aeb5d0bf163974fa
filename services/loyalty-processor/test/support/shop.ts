import { randomUUID } from 'node:crypto';
import { openDatabase, type EntityManager, type MikroORM, type PointsRules, type ProgramStatus, type StampRules, type TransactionKind } from '@loyalty/db';
import { createTestDatabase, type TestDatabase } from '@loyalty/testing';
import { applyTransaction } from '../../src/use-cases/apply-transaction.js';

export interface TestDb {
  orm: MikroORM;
  stop(): Promise<void>;
}

export async function openTestDb(): Promise<TestDb> {
  const db: TestDatabase = await createTestDatabase();
  const orm = await openDatabase({ databaseUrl: db.url, poolMax: 20 });
  return {
    orm,
    async stop() {
      await orm.close();
      await db.drop();
    },
  };
}

export interface Shop {
  businessId: string;
  storeId: string;
  programId: string;
  cardId: string;
  customerId: string;
}

export interface ShopOptions {
  kind: 'stamp' | 'points';
  rules: Partial<StampRules> | Partial<PointsRules>;
  status?: ProgramStatus;
  timeZone?: string;
  customerEmail?: string | null;
}

const stampDefaults: StampRules = {
  stampsPerVisit: 1,
  stampsRequired: 5,
  rewardDescription: 'A free coffee',
  dailyStampLimit: null,
  minimumAmount: 0,
  stampValidityDays: null,
};
const pointsDefaults: PointsRules = {
  currency: 'EUR',
  pointsPerUnit: 1,
  rounding: 'down',
  minimumAmount: 0,
  enrolmentBonus: 0,
  expiry: { type: 'never' },
  expiringNoticeDays: 14,
  tiers: [],
  tierWindowDays: 365,
};

/** A business with one store, one program and one enrolled customer, inserted directly. */
export async function createShop(orm: MikroORM, options: ShopOptions): Promise<Shop> {
  const em = orm.em.fork();
  const shop: Shop = { businessId: randomUUID(), storeId: randomUUID(), programId: randomUUID(), cardId: randomUUID(), customerId: randomUUID() };
  const brandId = randomUUID();
  const rules = { ...(options.kind === 'stamp' ? stampDefaults : pointsDefaults), ...options.rules };
  await em.execute('insert into business.businesses (id, name) values (?, ?)', [shop.businessId, 'Cafe']);
  await em.execute('insert into business.brands (id, business_id, name) values (?, ?, ?)', [brandId, shop.businessId, 'Brand']);
  await em.execute('insert into business.stores (id, business_id, brand_id, name, time_zone) values (?, ?, ?, ?, ?)', [
    shop.storeId,
    shop.businessId,
    brandId,
    'Main street',
    options.timeZone ?? 'Europe/Berlin',
  ]);
  await em.execute('insert into customer.customers (id, cognito_sub, email, display_name) values (?, ?, ?, ?)', [
    shop.customerId,
    randomUUID(),
    options.customerEmail === undefined ? 'ada@example.com' : options.customerEmail,
    'Ada',
  ]);
  await em.execute('insert into loyalty.programs (id, business_id, brand_id, name, kind, status, rules) values (?, ?, ?, ?, ?, ?, ?::jsonb)', [
    shop.programId,
    shop.businessId,
    brandId,
    'Club',
    options.kind,
    options.status ?? 'active',
    JSON.stringify(rules),
  ]);
  await em.execute('insert into loyalty.cards (id, business_id, program_id, customer_id, card_number) values (?, ?, ?, ?, ?)', [
    shop.cardId,
    shop.businessId,
    shop.programId,
    shop.customerId,
    randomUUID(),
  ]);
  return shop;
}

export interface NewTransaction {
  kind: TransactionKind;
  amount?: number;
  currency?: string;
  details?: Record<string, unknown>;
  reverses?: string;
}

/** Inserts a pending transaction the way the admin API records one. */
export async function record(orm: MikroORM, shop: Shop, transaction: NewTransaction): Promise<string> {
  const id = randomUUID();
  await orm.em.fork().execute(
    `insert into loyalty.transactions (id, business_id, card_id, store_id, kind, pos_transaction_id, status, amount, currency, details, reverses_transaction_id, recorded_by)
     values (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?::jsonb, ?, 'test')`,
    [
      id,
      shop.businessId,
      shop.cardId,
      shop.storeId,
      transaction.kind,
      randomUUID(),
      transaction.amount ?? null,
      transaction.currency ?? null,
      JSON.stringify(transaction.details ?? {}),
      transaction.reverses ?? null,
    ],
  );
  return id;
}

export function apply(orm: MikroORM, transactionId: string, now?: Date): Promise<void> {
  return orm.em.fork().transactional((em: EntityManager) => applyTransaction(em, transactionId, now));
}

export interface Settled {
  status: string;
  result: Record<string, unknown> | null;
  rejection: { code: string; detail: string } | null;
}

export async function settled(orm: MikroORM, transactionId: string): Promise<Settled> {
  const [row] = await orm.em.fork().execute<Settled[]>('select status, result, rejection from loyalty.transactions where id = ?', [transactionId]);
  if (!row) throw new Error(`no transaction ${transactionId}`);
  return row;
}

/** Records and applies in one go; answers what the cashier would see. */
export async function transact(orm: MikroORM, shop: Shop, transaction: NewTransaction, now?: Date): Promise<Settled & { id: string }> {
  const id = await record(orm, shop, transaction);
  await apply(orm, id, now);
  return { id, ...(await settled(orm, id)) };
}

export async function balanceOf(orm: MikroORM, cardId: string): Promise<number> {
  const [row] = await orm.em.fork().execute<{ balance: number }[]>('select balance from loyalty.cards where id = ?', [cardId]);
  return Number(row?.balance);
}

export async function eventsOf(orm: MikroORM, type: string, aggregateId?: string): Promise<Record<string, unknown>[]> {
  const rows = await orm.em
    .fork()
    .execute<{ payload: Record<string, unknown> }[]>(
      `select payload from messaging.outbox where event_type = ? ${aggregateId ? 'and aggregate_id = ?' : ''} order by id`,
      aggregateId ? [type, aggregateId] : [type],
    );
  return rows.map((row) => row.payload);
}

export interface Books {
  balance: number;
  ledger: number;
  lots: { id: string; earned: number; remaining: number; entries: number; expiresAt: Date | null }[];
}

/** The card's cached balance, its ledger sum and every lot next to its own entries' sum. */
export async function booksOf(orm: MikroORM, cardId: string): Promise<Books> {
  const em = orm.em.fork();
  const [card] = await em.execute<{ balance: number; ledger: string | null }[]>(
    'select balance, (select sum(amount) from loyalty.ledger_entries where card_id = c.id) as ledger from loyalty.cards c where id = ?',
    [cardId],
  );
  const lots = await em.execute<{ id: string; earned: number; remaining: number; entries: string | null; expires_at: Date | null }[]>(
    'select l.id, l.earned, l.remaining, l.expires_at, (select sum(amount) from loyalty.ledger_entries e where e.lot_id = l.id) as entries from loyalty.lots l where l.card_id = ? order by l.created_at, l.id',
    [cardId],
  );
  return {
    balance: Number(card?.balance),
    ledger: Number(card?.ledger ?? 0),
    lots: lots.map((lot) => ({
      id: lot.id,
      earned: lot.earned,
      remaining: lot.remaining,
      entries: Number(lot.entries ?? 0),
      expiresAt: lot.expires_at ? new Date(lot.expires_at) : null,
    })),
  };
}

export async function addCatalogReward(
  orm: MikroORM,
  shop: Shop,
  reward: { cost: number; stock?: number | null; perCustomerLimit?: number | null; validFrom?: Date | null; validUntil?: Date | null },
): Promise<string> {
  const id = randomUUID();
  await orm.em
    .fork()
    .execute(
      'insert into loyalty.catalog_rewards (id, business_id, program_id, name, cost, stock, per_customer_limit, valid_from, valid_until) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [
        id,
        shop.businessId,
        shop.programId,
        'Tote bag',
        reward.cost,
        reward.stock ?? null,
        reward.perCustomerLimit ?? null,
        reward.validFrom ?? null,
        reward.validUntil ?? null,
      ],
    );
  return id;
}
