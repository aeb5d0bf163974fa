import { randomUUID } from 'node:crypto';
import { adminQuery, withDatabase } from '@loyalty/testing';
import { openDatabase, type MikroORM } from '../src/index.js';

// Upgrading a database that already holds stamp cards from before lots existed must keep every stamp.
const name = `loyalty_test_${process.pid}_migration_${randomUUID().slice(0, 8)}`;
let orm: MikroORM;

beforeAll(async () => {
  await adminQuery(process.env.TEST_PG_ADMIN_URL!, `create database "${name}"`);
  orm = await openDatabase({ databaseUrl: withDatabase(process.env.TEST_PG_ADMIN_URL!, name), poolMax: 2 });
  await orm.migrator.up({ to: 'Migration20261125000000_foundation' });
});
afterAll(async () => {
  await orm.close();
  await adminQuery(process.env.TEST_PG_ADMIN_URL!, `drop database if exists "${name}" with (force)`);
});

test('stamps recorded before the loyalty domain migration survive it as one opening lot per card', async () => {
  const em = orm.em.fork();
  const [business, brand, store, program, customer, card] = Array.from({ length: 6 }, () => randomUUID());
  await em.execute(`insert into business.businesses (id, name) values (?, 'Cafe')`, [business]);
  await em.execute(`insert into business.brands (id, business_id, name) values (?, ?, 'Cafe')`, [brand, business]);
  await em.execute(`insert into business.stores (id, business_id, brand_id, name, time_zone) values (?, ?, ?, 'Main', 'UTC')`, [store, business, brand]);
  await em.execute(
    `insert into loyalty.programs (id, business_id, brand_id, name, kind, stamps_required, reward_description, status) values (?, ?, ?, 'Club', 'stamp', 3, 'Coffee', 'active')`,
    [program, business, brand],
  );
  await em.execute(`insert into customer.customers (id, cognito_sub, email, display_name) values (?, 'sub', 'a@example.com', 'A')`, [customer]);
  await em.execute(`insert into loyalty.cards (id, business_id, program_id, customer_id, card_number, stamps, rewards_earned) values (?, ?, ?, ?, '1', 1, 1)`, [
    card,
    business,
    program,
    customer,
  ]);
  for (const [i, kind, stamps] of [
    [1, 'stamp.earned', 1],
    [2, 'stamp.earned', 1],
    [3, 'stamp.earned', 1],
    [3, 'stamps.converted', -3],
    [4, 'stamp.earned', 1],
  ] as const) {
    const transaction = randomUUID();
    if (kind === 'stamp.earned') {
      await em.execute(
        `insert into loyalty.transactions (id, business_id, card_id, store_id, kind, pos_transaction_id, status, recorded_by) values (?, ?, ?, ?, 'visit', ?, 'applied', 'x')`,
        [transaction, business, card, store, `pos-${i}`],
      );
    }
    const [row] = await em.execute<{ id: string }[]>(`select id from loyalty.transactions where pos_transaction_id = ?`, [`pos-${i}`]);
    await em.execute(`insert into loyalty.ledger_entries (id, business_id, card_id, transaction_id, kind, stamps) values (?, ?, ?, ?, ?, ?)`, [
      randomUUID(),
      business,
      card,
      row!.id,
      kind,
      stamps,
    ]);
  }

  await orm.migrator.up();

  const [cardRow] = await em.execute<{ balance: number; completed_cards: number }[]>(`select balance, completed_cards from loyalty.cards where id = ?`, [card]);
  expect(cardRow).toEqual({ balance: 1, completed_cards: 1 });
  const kinds = await em.execute<{ kind: string; n: string }[]>(`select kind, count(*) as n from loyalty.ledger_entries group by kind order by kind`);
  expect(kinds).toEqual([
    { kind: 'convert', n: '1' },
    { kind: 'earn', n: '4' },
  ]);
  const lots = await em.execute<{ earned: number; remaining: number; ledger: string }[]>(
    `select earned, remaining, (select sum(amount) from loyalty.ledger_entries l where l.lot_id = lots.id) as ledger from loyalty.lots where card_id = ?`,
    [card],
  );
  expect(lots).toEqual([{ earned: 4, remaining: 1, ledger: '1' }]);
  const [programRow] = await em.execute<{ rules: unknown }[]>(`select rules from loyalty.programs where id = ?`, [program]);
  expect(programRow?.rules).toMatchObject({ stampsPerVisit: 1, stampsRequired: 3, rewardDescription: 'Coffee' });
});
