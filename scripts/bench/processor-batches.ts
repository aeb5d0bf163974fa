/**
 * The loyalty processor alone: the real `transactionsHandler` on SQS batches of 10 `transaction.recorded`
 * visits against a fresh migrated database (a 10-stamp program, `--cards` cards rung up round robin, so a
 * tenth of the visits unlock a reward), timed with process.cpuUsage. Also counts the statements the
 * process sends (BEGIN, SAVEPOINT … included) and the CPU of the database's backends (/proc).
 *
 *   npm exec -- tsx scripts/bench/processor-batches.ts --visits 2000 [--cpu-prof out.cpuprofile]
 *
 * `--cpu-prof` writes a V8 profile of the timed batches alone (not the set-up), for Chrome's DevTools.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import type { SQSRecord } from 'aws-lambda';
import pg from 'pg';
import { consumerSessionLimits, migrate, openDatabase, type MikroORM } from '@loyalty/db';
import { prepareEvent } from '@loyalty/outbox';
import { createLogger } from '@loyalty/platform';
import { DEFAULT_POSTGRES_URL } from '../../libs/local-stack/src/ensure-postgres.js';
import { transactionsHandler } from '../../services/loyalty-processor/src/entry-points/transactions-handler.js';
import { processCpuMs } from './process-cpu.js';

const { values } = parseArgs({
  options: {
    visits: { type: 'string', default: '2000' },
    warmup: { type: 'string', default: '300' },
    cards: { type: 'string', default: '64' },
    batch: { type: 'string', default: '10' },
    'cpu-prof': { type: 'string' },
  },
});
const visits = Number(values.visits);
const warmup = Number(values.warmup);
const cardCount = Number(values.cards);
const batchSize = Number(values.batch);

// MikroORM's driver has a pg of its own: count what its clients send.
const driverPg = createRequire(import.meta.resolve('@mikro-orm/postgresql'))('pg') as typeof pg;
let statements = 0;
const query = driverPg.Client.prototype.query;
driverPg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
  statements++;
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof query;

interface Fixture {
  businessId: string;
  storeId: string;
  programId: string;
  cardIds: string[];
}

async function seed(orm: MikroORM): Promise<Fixture> {
  const em = orm.em.fork();
  const fixture: Fixture = { businessId: randomUUID(), storeId: randomUUID(), programId: randomUUID(), cardIds: [] };
  const brandId = randomUUID();
  await em.execute('insert into business.businesses (id, name) values (?, ?)', [fixture.businessId, 'Bench cafe']);
  await em.execute('insert into business.brands (id, business_id, name) values (?, ?, ?)', [brandId, fixture.businessId, 'Brand']);
  await em.execute('insert into business.stores (id, business_id, brand_id, name, time_zone) values (?, ?, ?, ?, ?)', [
    fixture.storeId,
    fixture.businessId,
    brandId,
    'Main street',
    'Europe/Berlin',
  ]);
  const rules = {
    stampsPerVisit: 1,
    stampsRequired: 10,
    rewardDescription: 'A free flat white',
    dailyStampLimit: null,
    minimumAmount: 0,
    stampValidityDays: null,
  };
  await em.execute("insert into loyalty.programs (id, business_id, brand_id, name, kind, status, rules) values (?, ?, ?, ?, 'stamp', 'active', ?::jsonb)", [
    fixture.programId,
    fixture.businessId,
    brandId,
    'Coffee Club',
    JSON.stringify(rules),
  ]);
  for (let i = 0; i < cardCount; i++) {
    const customerId = randomUUID();
    const cardId = randomUUID();
    await em.execute('insert into customer.customers (id, cognito_sub, email, display_name) values (?, ?, ?, ?)', [
      customerId,
      randomUUID(),
      `c${i}@example.com`,
      `Customer ${i}`,
    ]);
    await em.execute('insert into loyalty.cards (id, business_id, program_id, customer_id, card_number) values (?, ?, ?, ?, ?)', [
      cardId,
      fixture.businessId,
      fixture.programId,
      customerId,
      randomUUID(),
    ]);
    fixture.cardIds.push(cardId);
  }
  return fixture;
}

/** Pending visits as the admin API records them, each with the record SQS would deliver. */
async function recordVisits(orm: MikroORM, fixture: Fixture, count: number, offset: number): Promise<SQSRecord[]> {
  const em = orm.em.fork();
  const records: SQSRecord[] = [];
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    const cardId = fixture.cardIds[(offset + i) % fixture.cardIds.length] as string;
    const posTransactionId = randomUUID();
    await em.execute(
      `insert into loyalty.transactions (id, business_id, card_id, store_id, kind, pos_transaction_id, status, details, recorded_by)
       values (?, ?, ?, ?, 'visit', ?, 'pending', '{}'::jsonb, 'bench')`,
      [id, fixture.businessId, cardId, fixture.storeId, posTransactionId],
    );
    const { envelope } = prepareEvent({
      type: 'transaction.recorded',
      businessId: fixture.businessId,
      aggregateId: id,
      payload: {
        transactionId: id,
        cardId,
        programId: fixture.programId,
        storeId: fixture.storeId,
        kind: 'visit',
        posTransactionId,
        recordedAt: new Date().toISOString(),
      },
    });
    records.push({
      messageId: randomUUID(),
      receiptHandle: randomUUID(),
      body: JSON.stringify(envelope),
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: '', SenderId: '', ApproximateFirstReceiveTimestamp: '' },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-central-1:000000000000:transactions',
      awsRegion: 'eu-central-1',
    });
  }
  return records;
}

async function backendPids(adminUrl: string, database: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [database]);
    return rows.map((row) => row.pid);
  } finally {
    await client.end();
  }
}

const adminUrl = process.env.TEST_DATABASE_URL ?? DEFAULT_POSTGRES_URL;
const database = `processor_bench_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database "${database}"`);
const url = new URL(adminUrl);
url.pathname = `/${database}`;
const orm = await openDatabase({ databaseUrl: url.toString(), poolMax: 2, sessionLimits: consumerSessionLimits });
try {
  await migrate(orm);
  const fixture = await seed(orm);
  const handler = transactionsHandler(orm, createLogger('loyalty-processor', 'info'));
  const run = async (records: SQSRecord[]) => {
    for (let i = 0; i < records.length; i += batchSize) {
      const { batchItemFailures } = await handler({ Records: records.slice(i, i + batchSize) });
      if (batchItemFailures.length > 0) throw new Error(`${batchItemFailures.length} records failed`);
    }
  };
  await run(await recordVisits(orm, fixture, warmup, 0));
  const records = await recordVisits(orm, fixture, visits, warmup);
  const pids = await backendPids(adminUrl, database);
  const backendBefore = await Promise.all(pids.map(processCpuMs));
  const profiler = values['cpu-prof'] === undefined ? undefined : new Session();
  profiler?.connect();
  await profiler?.post('Profiler.enable');
  await profiler?.post('Profiler.start');
  statements = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await run(records);
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const sent = statements;
  if (profiler && values['cpu-prof']) {
    const { profile } = await profiler.post('Profiler.stop');
    await writeFile(values['cpu-prof'], JSON.stringify(profile));
    profiler.disconnect();
  }
  const backendAfter = await Promise.all(pids.map(processCpuMs));
  const backendMs = backendAfter.reduce((sum, ms, i) => sum + ms - (backendBefore[i] ?? 0), 0);
  const [pending] = await orm.em.fork().execute<{ n: string }[]>("select count(*) as n from loyalty.transactions where status = 'pending'");
  const perVisit = (ms: number) => (ms / visits).toFixed(3);
  process.stderr.write(
    `${JSON.stringify({
      visits,
      batchSize,
      processCpuMsPerVisit: perVisit((cpu.user + cpu.system) / 1000),
      userMsPerVisit: perVisit(cpu.user / 1000),
      backendCpuMsPerVisit: perVisit(backendMs),
      wallMsPerVisit: perVisit(wallMs),
      statementsPerVisit: (sent / visits).toFixed(2),
      pendingLeft: Number(pending?.n),
    })}\n`,
  );
} finally {
  await orm.close();
  await admin.query(`drop database "${database}" with (force)`);
  await admin.end();
}
