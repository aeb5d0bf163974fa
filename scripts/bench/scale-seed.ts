import pg from 'pg';

export interface ScaleOptions {
  cards: number;
  /** A target: the stamp history per card is sized so the ledger lands within about 1 % of it. */
  ledgerEntries: number;
  businesses?: number;
  log?: (line: string) => void;
}

export interface ScaleSeeded {
  cards: number;
  ledgerEntries: number;
  seconds: number;
}

/** Tables whose plain indexes are dropped for the load and rebuilt after it: sorting once beats 10 M inserts into four btrees. */
const bulkTables = ['loyalty.transactions', 'loyalty.lots', 'loyalty.ledger_entries', 'loyalty.rewards'];

const stampsRequired = 10;

/**
 * Ids built from the row's coordinates (kind, card, visit), shaped as UUIDv7 like the ids the
 * processor writes, so every table's rows can be joined without a lookup and are time-ordered.
 */
const idFunction = `
  create function pg_temp.seed_id(kind int, a bigint, b bigint) returns uuid language sql immutable as $$
    select (lpad(to_hex(kind), 8, '0') || '0000' || '7' || lpad(to_hex(a >> 12), 3, '0') || '8' || lpad(to_hex(a & 4095), 3, '0') || lpad(to_hex(b), 12, '0'))::uuid
  $$`;

/** The id of seeded business `n` (1-based), as `pg_temp.seed_id(1, n, 0)` builds it. */
export const seededBusinessId = (n: number) =>
  `00000001-0000-7${(n >> 12).toString(16).padStart(3, '0')}-8${(n & 4095).toString(16).padStart(3, '0')}-000000000000`;

/** Visits of card `c`: `mean` on average, spread by ±`spread` so cards differ; the spread sums to zero over each run of 2·spread+1 cards. */
const visitsOf = (c: number, mean: number, spread: number) => mean + (c % (2 * spread + 1)) - spread;

/** Every visit earns one stamp (an `earn` entry and its lot); every tenth converts the ten oldest into a reward (ten `convert` entries). */
const entriesOf = (visits: number) => visits + stampsRequired * Math.floor(visits / stampsRequired);

function historyFor(cards: number, ledgerEntries: number): { mean: number; spread: number } {
  let best = { mean: 1, spread: 0, error: Number.POSITIVE_INFINITY };
  for (let mean = 1; mean <= Math.max(1, Math.ceil(ledgerEntries / cards)); mean++) {
    const spread = Math.min(20, mean - 1);
    let total = 0;
    for (let c = 1; c <= cards; c++) total += entriesOf(visitsOf(c, mean, spread));
    const error = Math.abs(total - ledgerEntries);
    if (error < best.error) best = { mean, spread, error };
  }
  return best;
}

/**
 * Fills a migrated database with `cards` stamp cards and about `ledgerEntries` ledger entries over
 * `businesses` businesses, with set-based SQL on one connection. The data keeps the domain's
 * invariants: each visit is an applied transaction with one lot and one `earn` entry, each full
 * card converts its ten oldest stamps (`convert` entries emptying those lots) into an available
 * reward, so card.balance = Σ ledger(card), lot.remaining = Σ ledger(lot) and completed_cards
 * counts the rewards. Two sessions load the big tables side by side. Foreign keys are not re-checked during the load (session_replication_role =
 * replica, which needs a superuser, as the local and embedded PostgreSQL are): the ids are built to
 * match. VACUUM and ANALYZE run at the end, so plans see the real sizes and a settled visibility map.
 */
export async function seedScale(databaseUrl: string, options: ScaleOptions): Promise<ScaleSeeded> {
  const began = performance.now();
  const log = options.log ?? (() => {});
  const businesses = Math.max(1, options.businesses ?? 20);
  const { mean, spread } = historyFor(options.cards, options.ledgerEntries);
  const maxVisits = mean + spread;
  // Two sessions, one per core: the big tables load side by side.
  const [main, second] = await Promise.all([openSession(databaseUrl, log), openSession(databaseUrl, log)]);
  try {
    const { rows: indexes } = await main.client.query<{ name: string; definition: string }>(
      `select format('%I.%I', n.nspname, i.relname) as name, pg_get_indexdef(i.oid) as definition
         from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid join pg_namespace n on n.oid = t.relnamespace
        where format('%s.%s', n.nspname, t.relname) = any($1) and not exists (select 1 from pg_constraint c where c.conindid = i.oid)`,
      [bulkTables],
    );
    for (const index of indexes) await main.client.query(`drop index ${index.name}`);

    await main.client.query(`create unlogged table public.seed_cards (c int primary key, b int not null, n int not null)`);
    await main.step('card plan', `insert into public.seed_cards select c, 1 + (c - 1) % $2, $3 + (c % (2 * $4 + 1)) - $4 from generate_series(1, $1) c`, [
      options.cards,
      businesses,
      mean,
      spread,
    ]);
    await main.client.query(`analyze public.seed_cards`);
    await seedBusinesses(main, businesses);

    // Visit j of a card happened n - j + 1 days ago; rows go in visit by visit across all cards, so
    // a card's history is spread over the heap as it is when cards are used day after day.
    const visitRows = `from generate_series(1, ${maxVisits}) j, lateral (select c, b, n from public.seed_cards where n >= j) s`;
    const visitTime = `now() - (n - j + 1) * interval '1 day' + (c % 36000) * interval '1 second'`;
    const visitResults = visitResultArray();
    const convertedBy = `${stampsRequired} * ((j + ${stampsRequired - 1}) / ${stampsRequired})`;
    await Promise.all([
      (async () => {
        await main.step(
          'transactions',
          `insert into loyalty.transactions (id, business_id, card_id, store_id, kind, pos_transaction_id, status, details, result, recorded_by, created_at, applied_at)
           select pg_temp.seed_id(7, c, j), pg_temp.seed_id(1, b, 0), pg_temp.seed_id(6, c, 0), pg_temp.seed_id(3, b, 1 + j % 2), 'visit', 'seed-' || lpad(j::text, 5, '0') || '-' || lpad(c::text, 8, '0'), 'applied', '{}',
                  (${visitResults})[j % ${stampsRequired} + 1],
                  'seed', ${visitTime}, ${visitTime}
             ${visitRows}`,
        );
        await main.step(
          'rewards',
          `insert into loyalty.rewards (id, business_id, card_id, program_id, transaction_id, description, card_number_completed, status, unlocked_at)
           select pg_temp.seed_id(11, c, k), pg_temp.seed_id(1, b, 0), pg_temp.seed_id(6, c, 0), pg_temp.seed_id(4, b, 0), pg_temp.seed_id(7, c, ${stampsRequired} * k),
                  'A coffee', k, 'available', now() - (n - ${stampsRequired} * k + 1) * interval '1 day'
             from generate_series(1, ${Math.floor(maxVisits / stampsRequired)}) k, lateral (select c, b, n from public.seed_cards where n / ${stampsRequired} >= k) s`,
        );
        await main.step(
          'lots',
          `insert into loyalty.lots (id, business_id, card_id, transaction_id, earned, remaining, created_at)
           select pg_temp.seed_id(8, c, j), pg_temp.seed_id(1, b, 0), pg_temp.seed_id(6, c, 0), pg_temp.seed_id(7, c, j), 1,
                  case when j > ${stampsRequired} * (n / ${stampsRequired}) then 1 else 0 end, ${visitTime}
             ${visitRows}`,
        );
      })(),
      (async () => {
        await second.step(
          'earn entries',
          `insert into loyalty.ledger_entries (id, business_id, card_id, transaction_id, lot_id, kind, amount, created_at)
           select pg_temp.seed_id(9, c, j), pg_temp.seed_id(1, b, 0), pg_temp.seed_id(6, c, 0), pg_temp.seed_id(7, c, j), pg_temp.seed_id(8, c, j), 'earn', 1, ${visitTime}
             ${visitRows}`,
        );
        await second.step(
          'convert entries',
          `insert into loyalty.ledger_entries (id, business_id, card_id, transaction_id, lot_id, kind, amount, created_at)
           select pg_temp.seed_id(10, c, j), pg_temp.seed_id(1, b, 0), pg_temp.seed_id(6, c, 0), pg_temp.seed_id(7, c, ${convertedBy}), pg_temp.seed_id(8, c, j), 'convert', -1,
                  now() - (n - ${convertedBy} + 1) * interval '1 day' + (c % 36000) * interval '1 second'
             ${visitRows} where j <= ${stampsRequired} * (n / ${stampsRequired})`,
        );
      })(),
    ]);
    await main.client.query(`drop table public.seed_cards`);

    const queue = [...indexes];
    const build = async (session: Session) => {
      for (let index = queue.shift(); index; index = queue.shift()) await session.step(`index ${index.name}`, index.definition);
    };
    await Promise.all([build(main), build(second)]);
    // VACUUM sets the visibility map, as autovacuum has on a live table: without it the planner prices
    // every index-only scan of the fresh ledger as a heap fetch per row.
    await Promise.all([main.step('vacuum ledger', 'vacuum (analyze) loyalty.ledger_entries'), second.step('vacuum lots', 'vacuum (analyze) loyalty.lots')]);
    await main.step('analyze', 'analyze');
    const { rows } = await main.client.query<{ cards: string; entries: string }>(
      `select (select count(*) from loyalty.cards) as cards, (select count(*) from loyalty.ledger_entries) as entries`,
    );
    return { cards: Number(rows[0]?.cards), ledgerEntries: Number(rows[0]?.entries), seconds: (performance.now() - began) / 1000 };
  } finally {
    await main.client.query('drop table if exists public.seed_cards').catch(() => {});
    await Promise.all([main.client.end(), second.client.end()]);
  }
}

/** A visit's result by its position on the card (j mod 10): one literal array, parsed once, not a jsonb built per row. */
function visitResultArray(): string {
  const results = Array.from({ length: stampsRequired }, (_, position) =>
    position === 0
      ? { delta: 1 - stampsRequired, balanceAfter: 0, earned: 1, stampsRequired, rewardsUnlocked: 1 }
      : { delta: 1, balanceAfter: position, earned: 1, stampsRequired, rewardsUnlocked: 0 },
  );
  return `array[${results.map((result) => `'${JSON.stringify(result)}'::jsonb`).join(', ')}]`;
}

interface Session {
  client: pg.Client;
  step(what: string, sql: string, values?: unknown[]): Promise<void>;
}

async function openSession(databaseUrl: string, log: (line: string) => void): Promise<Session> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`set session_replication_role = replica`);
  await client.query(`set maintenance_work_mem = '512MB'`);
  await client.query(`set work_mem = '64MB'`);
  await client.query(`set synchronous_commit = off`);
  await client.query(idFunction);
  return {
    client,
    async step(what, sql, values = []) {
      const started = performance.now();
      const result = await client.query(sql, values);
      log(`${what}: ${result.rowCount ?? 0} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    },
  };
}

async function seedBusinesses({ step }: Session, businesses: number): Promise<void> {
  await step(
    'businesses',
    `insert into business.businesses (id, name, created_at) select pg_temp.seed_id(1, b, 0), 'Seeded business ' || b, now() - interval '2 years' from generate_series(1, $1) b`,
    [businesses],
  );
  await step(
    'brands',
    `insert into business.brands (id, business_id, name, created_at) select pg_temp.seed_id(2, b, 0), pg_temp.seed_id(1, b, 0), 'Brand ' || b, now() - interval '2 years' from generate_series(1, $1) b`,
    [businesses],
  );
  await step(
    'stores',
    `insert into business.stores (id, business_id, brand_id, name, time_zone, created_at)
     select pg_temp.seed_id(3, b, s), pg_temp.seed_id(1, b, 0), pg_temp.seed_id(2, b, 0), 'Store ' || b || '-' || s, 'Europe/Berlin', now() - interval '2 years'
       from generate_series(1, $1) b, generate_series(1, 2) s`,
    [businesses],
  );
  await step(
    'staff',
    `insert into business.staff_members (business_id, cognito_sub, username, role) select pg_temp.seed_id(1, b, 0), 'seed-owner-' || b, 'owner-' || b || '@seed.test', 'owner' from generate_series(1, $1) b`,
    [businesses],
  );
  await step(
    'programs',
    `insert into loyalty.programs (id, business_id, brand_id, name, kind, status, rules, created_at)
     select pg_temp.seed_id(4, b, 0), pg_temp.seed_id(1, b, 0), pg_temp.seed_id(2, b, 0), 'Coffee Club ' || b, 'stamp', 'active',
            jsonb_build_object('stampsPerVisit', 1, 'stampsRequired', ${stampsRequired}, 'rewardDescription', 'A coffee', 'dailyStampLimit', null, 'minimumAmount', 0, 'stampValidityDays', null),
            now() - interval '2 years'
       from generate_series(1, $1) b`,
    [businesses],
  );
  await step(
    'customers',
    `insert into customer.customers (id, cognito_sub, email, display_name, created_at)
     select pg_temp.seed_id(5, c, 0), 'seed-customer-' || c, 'customer-' || c || '@seed.test', 'Customer ' || c, now() - (n + 1) * interval '1 day' from public.seed_cards`,
  );
  await step(
    'cards',
    `insert into loyalty.cards (id, business_id, program_id, customer_id, card_number, balance, completed_cards, created_at)
     select pg_temp.seed_id(6, c, 0), pg_temp.seed_id(1, b, 0), pg_temp.seed_id(4, b, 0), pg_temp.seed_id(5, c, 0), 'S' || lpad(c::text, 11, '0'),
            n % ${stampsRequired}, n / ${stampsRequired}, now() - (n + 1) * interval '1 day'
       from public.seed_cards`,
  );
}
