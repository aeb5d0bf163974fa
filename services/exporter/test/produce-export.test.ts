import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { openDatabase, type MikroORM } from '@loyalty/db';
import { ACTIVE_CHUNK_BITS, ROLLUP } from '@loyalty/db/model';
import { createLogger } from '@loyalty/platform';
import { createTestDatabase, uniquePrefix, type TestDatabase } from '@loyalty/testing';
import { awsClients, destroyClients } from '@loyalty/topology';
import { ExportBusyError, produceExport, type ExporterDeps } from '../src/use-cases/produce-export.js';
import { insertExportRequest, seedBusiness, type SeededBusiness } from './support/seed-business.js';

const clients = awsClients();
const bucket = `${uniquePrefix('exporter')}-exports`;
let db: TestDatabase;
let orm: MikroORM;
let deps: ExporterDeps;
let shop: SeededBusiness;

beforeAll(async () => {
  db = await createTestDatabase();
  orm = await openDatabase({ databaseUrl: db.url, poolMax: 2 });
  await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  shop = await seedBusiness(db.url, { cards: 30, transactions: 4000 });
  deps = {
    orm,
    s3: clients.s3,
    bucket,
    databaseUrl: db.url,
    logger: createLogger('exporter-test', 'silent'),
    leaseSeconds: 60,
    emailLinkTtlSeconds: 3600,
    batchSize: 500,
    progressEveryRows: 1000,
  };
});
afterAll(async () => {
  await orm?.close();
  destroyClients(clients);
  await db?.drop();
});

async function object(key: string): Promise<string> {
  const answer = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return gunzipSync(await answer.Body!.transformToByteArray()).toString('utf8');
}

async function row(id: string) {
  const [found] = await orm.em
    .fork()
    .execute<{ status: string; rows: string; bytes: string | null; upload_id: string | null; attempts: number }[]>(
      'select status, rows, bytes, upload_id, attempts from business.exports where id = ?',
      [id],
    );
  return found!;
}

const keysUnder = async (prefix: string) =>
  ((await clients.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? []).map((item) => item.Key);

describe('produceExport', () => {
  it('shows a customer’s contact details only where they consented: email with email, phone with SMS', async () => {
    const request = await insertExportRequest(db.url, { businessId: shop.businessId, kind: 'customers', format: 'jsonl' });
    expect(await produceExport(deps, request.id, { final: false })).toBe('produced');
    const customers = (await object(request.objectKey))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(customers).toHaveLength(30);
    const byName = (n: number) => customers.find((c) => c.cardNumber === `${shop.businessId.slice(0, 8)}-${n}`);
    expect(byName(3)).toMatchObject({ displayName: 'Customer 3', email: expect.stringMatching(/^customer-3@/), phone: null, locale: 'de-DE' });
    expect(byName(4)).toMatchObject({ displayName: 'Customer 4', email: null, phone: '+49300000004' });
    expect(byName(5)).toMatchObject({ displayName: null, email: null, phone: null, locale: null, balance: 5 });
  });

  it('starts a retried export over at the same key: the dead attempt’s upload is aborted and one file remains', async () => {
    const request = await insertExportRequest(db.url, { businessId: shop.businessId, kind: 'transactions', format: 'csv' });
    // An earlier attempt completed a file, then a later one died mid-upload, holding the claim.
    await clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: request.objectKey, Body: 'stale' }));
    const dead = await clients.s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: request.objectKey }));
    await clients.s3.send(new UploadPartCommand({ Bucket: bucket, Key: request.objectKey, UploadId: dead.UploadId, PartNumber: 1, Body: 'half' }));
    await orm.em
      .fork()
      .execute(`update business.exports set status = 'running', attempts = 2, upload_id = ?, claimed_until = now() + interval '1 hour' where id = ?`, [
        dead.UploadId,
        request.id,
      ]);

    await expect(produceExport(deps, request.id, { final: false })).rejects.toBeInstanceOf(ExportBusyError);

    await orm.em.fork().execute(`update business.exports set claimed_until = now() - interval '1 second' where id = ?`, [request.id]);
    expect(await produceExport(deps, request.id, { final: false })).toBe('produced');

    const csv = await object(request.objectKey);
    expect(csv.split('\r\n')).toHaveLength(4000 + 2);
    expect(csv).toContain(',purchase,applied,till-17,');
    expect(await keysUnder(`exports/${shop.businessId}/${request.id}`)).toEqual([request.objectKey]);
    await expect(
      clients.s3.send(new UploadPartCommand({ Bucket: bucket, Key: request.objectKey, UploadId: dead.UploadId, PartNumber: 2, Body: 'more' })),
    ).rejects.toMatchObject({ name: 'NoSuchUpload' });
    expect(await row(request.id)).toMatchObject({ status: 'ready', rows: '4000', upload_id: null, attempts: 3 });

    expect(await produceExport(deps, request.id, { final: false })).toBe('finished');
  });

  it('exports the analytics summary’s days with its filters: every day of the period, zeros included', async () => {
    const otherStore = randomUUID();
    const metrics = `insert into analytics.daily_metrics (business_id, day, store_id, program_id, visits, purchases, purchase_amount, stamps_issued, new_cards)
                     values (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
    const em = orm.em.fork();
    await em.execute(metrics, [shop.businessId, '2026-11-02', shop.storeId, shop.programId, 3, 2, 1250, 3, 1]);
    await em.execute(metrics, [shop.businessId, '2026-11-02', otherStore, shop.programId, 5, 5, 9000, 5, 0]);
    await em.execute(metrics, [shop.businessId, '2026-11-04', shop.storeId, shop.programId, 1, 0, 0, 1, 0]);
    for (const [ordinal, customer] of [randomUUID(), randomUUID()].entries()) {
      await em.execute('insert into analytics.daily_customers (business_id, day, store_id, program_id, customer_id) values (?, ?, ?, ?, ?)', [
        shop.businessId,
        '2026-11-02',
        shop.storeId,
        shop.programId,
        customer,
      ]);
      await em.execute('insert into analytics.customer_ordinals (business_id, customer_id, ordinal) values (?, ?, ?)', [shop.businessId, customer, ordinal]);
    }
    // The active customers' bits as the processor keeps them: the cell and its three roll-ups.
    for (const [store, program] of [
      [shop.storeId, shop.programId],
      [shop.storeId, ROLLUP],
      [ROLLUP, shop.programId],
      [ROLLUP, ROLLUP],
    ]) {
      await em.execute(
        `insert into analytics.daily_active (business_id, store_id, program_id, day, chunk, members) values (?, ?, ?, '2026-11-02', 0, B'11'::bit(${ACTIVE_CHUNK_BITS}))`,
        [shop.businessId, store, program],
      );
    }
    const request = await insertExportRequest(db.url, {
      businessId: shop.businessId,
      kind: 'analytics',
      format: 'csv',
      filters: { from: '2026-11-01', to: '2026-11-05', storeId: shop.storeId },
    });
    expect(await produceExport(deps, request.id, { final: false })).toBe('produced');
    const lines = (await object(request.objectKey))
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines).toEqual([
      'day,visits,purchases,purchaseAmount,stampsIssued,pointsEarned,pointsRedeemed,pointsExpired,pointsReversed,rewardsUnlocked,rewardsRedeemed,newCards,activeCustomers',
      '2026-11-01,0,0,0,0,0,0,0,0,0,0,0,0',
      '2026-11-02,3,2,1250,3,0,0,0,0,0,0,1,2',
      '2026-11-03,0,0,0,0,0,0,0,0,0,0,0,0',
      '2026-11-04,1,0,0,1,0,0,0,0,0,0,0,0',
    ]);

    const everyStore = await insertExportRequest(db.url, { businessId: shop.businessId, kind: 'analytics', format: 'jsonl' });
    expect(await produceExport(deps, everyStore.id, { final: false })).toBe('produced');
    const days = (await object(everyStore.objectKey))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(days.map((day) => [day.day, day.visits, day.purchaseAmount])).toEqual([
      ['2026-11-02', 8, 10250],
      ['2026-11-03', 0, 0],
      ['2026-11-04', 1, 0],
    ]);
  });

  it('exports a customer’s own data as JSON Lines: the profile with consents, then cards and transactions, oldest first', async () => {
    const customerId = (
      await orm.em
        .fork()
        .execute<{ customer_id: string }[]>('select customer_id from loyalty.cards where card_number = ?', [`${shop.businessId.slice(0, 8)}-3`])
    )[0]!.customer_id;
    const request = await insertExportRequest(db.url, { customerId, kind: 'personal-data', format: 'jsonl' });
    expect(await produceExport(deps, request.id, { final: false })).toBe('produced');
    const records = (await object(request.objectKey))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const transactions = records.filter((record) => record.record === 'transaction');
    expect(records[0]).toMatchObject({ record: 'profile', id: customerId, displayName: 'Customer 3', consents: { email: { granted: true } } });
    expect(records.filter((record) => record.record === 'card')).toEqual([
      expect.objectContaining({ cardNumber: `${shop.businessId.slice(0, 8)}-3`, customerId, balance: 3 }),
    ]);
    // The seed spreads 4,000 transactions over 30 cards: card 3 has those whose number is 3 modulo 30.
    expect(transactions).toHaveLength(Math.ceil((4000 - 3) / 30));
    expect(transactions[0]).toMatchObject({ posTransactionId: 'till-3', amount: 253, currency: 'EUR', status: 'applied' });
    expect(await row(request.id)).toMatchObject({ status: 'ready', rows: String(records.length) });
  });
});
