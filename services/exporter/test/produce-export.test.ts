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

  it('ends an analytics export as failed at once: no retry can produce it yet', async () => {
    const request = await insertExportRequest(db.url, { businessId: shop.businessId, kind: 'analytics', format: 'csv' });
    expect(await produceExport(deps, request.id, { final: false })).toBe('finished');
    expect(await row(request.id)).toMatchObject({ status: 'failed' });
  });
});
