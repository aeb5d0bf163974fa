import { gunzipSync } from 'node:zlib';
import { sesInbox } from '@loyalty/local-stack';
import { waitFor } from '@loyalty/testing';
import { call } from '../support/http.js';
import { setUpStampProgram, type StampShop } from '../support/stamp-program.js';
import { startSystem, type System } from '../support/system.js';

interface ExportView {
  id: string;
  kind: string;
  format: string;
  status: 'pending' | 'running' | 'ready' | 'failed';
  rows: number;
  bytes: number | null;
  downloadUrl: string | null;
  expiresAt: string | null;
  error: string | null;
}

const PURCHASES = 3000;

let system: System;
let shop: StampShop;
beforeAll(async () => {
  system = await startSystem();
  shop = await setUpStampProgram(system, { stampsRequired: 10, reward: 'A free coffee' });
  // A till's receipt numbers are free text: one of them looks like a formula, with a quote and a comma.
  await system.admin.orm.em.fork().execute(
    `insert into loyalty.transactions (id, business_id, card_id, store_id, kind, pos_transaction_id, status, result, recorded_by, amount, currency, created_at, applied_at)
     select gen_random_uuid(), ?, ?, ?, 'purchase', case when n = 1 then '=HYPERLINK("http://evil.example","click, here")' else 'till-' || n end,
            'applied', jsonb_build_object('delta', n % 7, 'balanceAfter', 0), 'seed', 1000 + n, 'EUR',
            timestamptz '2026-11-01T08:00:00Z' + n * interval '1 second', timestamptz '2026-11-01T08:00:00Z' + n * interval '1 second'
       from generate_series(1, ?) as n`,
    [shop.businessId, shop.cardId, shop.storeId, PURCHASES],
  );
});
afterAll(async () => {
  await system?.stop();
});

const admin = () => system.admin.url;
/** setUpStampProgram signs the owner in as owner-<tag>@cafe.test, the customer as customer-<tag>@example.com. */
const ownerEmail = () => shop.customerEmail.replace(/^customer-(\w+)@example\.com$/, 'owner-$1@cafe.test');

async function requestExport(body: Record<string, unknown>): Promise<{ status: number; location: string | null; body: ExportView }> {
  const answer = await call<ExportView>(admin(), 'POST', `/businesses/${shop.businessId}/exports`, { token: shop.staffToken, body });
  return { status: answer.status, location: answer.headers.get('location'), body: answer.body };
}

async function ready(location: string): Promise<ExportView> {
  return waitFor(
    async () => {
      const { body } = await call<ExportView>(admin(), 'GET', location, { token: shop.staffToken });
      if (body.status === 'failed') throw new Error(`export failed: ${body.error}`);
      return body.status === 'ready' ? body : undefined;
    },
    { timeoutMs: 20_000, intervalMs: 250, description: 'the export to be ready' },
  );
}

async function download(url: string): Promise<string> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return gunzipSync(Buffer.from(await response.arrayBuffer())).toString('utf8');
}

describe('data exports, from the request to the file in S3 and the email', () => {
  it('exports every transaction of the period as spreadsheet-safe CSV, with a presigned link and an email', async () => {
    const asked = await requestExport({ kind: 'transactions', format: 'csv', from: '2026-11-01', to: '2026-11-02' });
    expect(asked.status).toBe(202);
    expect(asked.location).toBe(`/businesses/${shop.businessId}/exports/${asked.body.id}`);
    expect(asked.body).toMatchObject({ kind: 'transactions', format: 'csv', status: 'pending', downloadUrl: null });

    const done = await ready(asked.location!);
    expect(done.rows).toBe(PURCHASES);
    expect(new Date(done.expiresAt!).getTime()).toBeGreaterThan(Date.now());
    expect(new URL(done.downloadUrl!).searchParams.get('X-Amz-Expires')).toBe('900');

    const csv = await download(done.downloadUrl!);
    expect(csv.startsWith('\ufefftransactionId,kind,status,posTransactionId,cardNumber,')).toBe(true);
    const lines = csv.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(PURCHASES + 2);
    const second = lines.find((line) => line.includes(',till-2,'));
    // 1002 cents are 10.02 EUR; delta 2 % 7; recorded two seconds after 08:00.
    expect(second).toMatch(/,purchase,applied,till-2,[^,]+,[^,]+,[^,]+,Main street,10\.02,EUR,2,2026-11-01T08:00:02\.000Z,2026-11-01T08:00:02\.000Z$/);
    expect(csv).toContain(`,"'=HYPERLINK(""http://evil.example"",""click, here"")",`);

    const inbox = sesInbox(process.env.AWS_ENDPOINT_URL_SESV2!);
    const email = await waitFor(async () => (await inbox.list()).find((mail) => mail.destination.to.includes(ownerEmail())), {
      timeoutMs: 10_000,
      description: 'the export email',
    });
    expect(email.subject).toBe('Your transactions export is ready');
    expect(email.body.text).toContain(`Your transactions export (CSV, gzipped) is ready: ${PURCHASES.toLocaleString('en-GB')} rows.`);
    const link = /Download it here: (\S+)/.exec(email.body.text ?? '')?.[1];
    expect(link).toBeDefined();
    expect(await download(link ?? '')).toBe(csv);

    const listed = await call<{ items: ExportView[] }>(admin(), 'GET', `/businesses/${shop.businessId}/exports`, { token: shop.staffToken });
    expect(listed.body.items[0]).toMatchObject({ id: asked.body.id, status: 'ready', rows: PURCHASES });
  });

  it('exports the ledger as JSON Lines, one object per entry', async () => {
    await call(admin(), 'POST', `/businesses/${shop.businessId}/transactions`, {
      token: shop.staffToken,
      headers: { prefer: 'wait=5' },
      body: { kind: 'visit', cardId: shop.cardId, storeId: shop.storeId, posTransactionId: 'ledger-visit' },
    });
    const asked = await requestExport({ kind: 'ledger', format: 'jsonl' });
    const done = await ready(asked.location!);
    const lines = (await download(done.downloadUrl!)).trimEnd().split('\n');
    expect(lines).toHaveLength(done.rows);
    expect(lines.map((line) => JSON.parse(line))).toContainEqual(expect.objectContaining({ kind: 'earn', amount: 1, storeId: shop.storeId }));
  });

  it('exports the analytics summary’s days, with the same filters, as the summary answers them', async () => {
    await call(admin(), 'POST', `/businesses/${shop.businessId}/transactions`, {
      token: shop.staffToken,
      headers: { prefer: 'wait=5' },
      body: { kind: 'visit', cardId: shop.cardId, storeId: shop.storeId, posTransactionId: 'analytics-visit' },
    });
    const berlinDay = (offsetDays: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(Date.now() + offsetDays * 86_400_000);
    // The summary's `to` is a day included; an export's `to` is the first day left out.
    const summaryPath = `/businesses/${shop.businessId}/analytics/summary?from=${berlinDay(-1)}&to=${berlinDay(1)}&storeId=${shop.storeId}`;
    // Every visit of this file happened just now, through the API: the summary is complete once it counts them all.
    const [visits] = await system.admin.orm.em
      .fork()
      .execute<{ count: string }[]>(`select count(*) from loyalty.transactions where business_id = ? and kind = 'visit' and status = 'applied'`, [
        shop.businessId,
      ]);
    const summary = await waitFor(
      async () => {
        const { body } = await call<{ visits: number; byDay: Record<string, unknown>[] }>(admin(), 'GET', summaryPath, { token: shop.staffToken });
        return body.visits === Number(visits!.count) ? body : undefined;
      },
      { timeoutMs: 10_000, description: 'the visits in the analytics summary' },
    );

    const asked = await requestExport({ kind: 'analytics', format: 'jsonl', from: berlinDay(-1), to: berlinDay(2), storeId: shop.storeId });
    expect(asked.status).toBe(202);
    const done = await ready(asked.location!);
    expect(done.rows).toBe(3);
    const days = (await download(done.downloadUrl!))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(days).toEqual(summary.byDay);
    expect(days[1]).toMatchObject({ day: berlinDay(0), visits: summary.visits });

    const csv = await ready((await requestExport({ kind: 'analytics', format: 'csv', from: berlinDay(0), to: berlinDay(1) })).location!);
    const lines = (await download(csv.downloadUrl!)).split('\r\n');
    expect(lines[0]).toBe(
      '\ufeffday,visits,purchases,purchaseAmount,stampsIssued,pointsEarned,pointsRedeemed,pointsExpired,pointsReversed,rewardsUnlocked,rewardsRedeemed,newCards,activeCustomers',
    );
    expect(lines[1]).toMatch(new RegExp(`^${berlinDay(0)},${summary.visits},`));
  });

  it('answers 400 for a store filter on customers, and for a kind only customers ask for', async () => {
    const customers = await requestExport({ kind: 'customers', format: 'csv', storeId: shop.storeId });
    expect(customers.status).toBe(400);
    expect(customers.body).toMatchObject({ code: 'FILTER_NOT_APPLICABLE' });
    expect((await requestExport({ kind: 'personal-data', format: 'jsonl' })).status).toBe(400);
  });
});

describe('a customer’s own data export (GDPR), on the same path', () => {
  const customerApi = () => system.customer.url;

  it('produces everything held about me as JSON Lines, mails me the link, and shows it to no one else', async () => {
    const asked = await call<ExportView>(customerApi(), 'POST', '/me/exports', { token: shop.customerToken });
    expect(asked.status).toBe(202);
    expect(asked.headers.get('location')).toBe(`/me/exports/${asked.body.id}`);
    expect(asked.body).toMatchObject({ kind: 'personal-data', format: 'jsonl', status: 'pending', downloadUrl: null });

    const done = await waitFor(
      async () => {
        const { body } = await call<ExportView>(customerApi(), 'GET', `/me/exports/${asked.body.id}`, { token: shop.customerToken });
        if (body.status === 'failed') throw new Error(`export failed: ${body.error}`);
        return body.status === 'ready' ? body : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 250, description: 'my data export to be ready' },
    );
    const records = (await download(done.downloadUrl!))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toHaveLength(done.rows);
    expect(records[0]).toMatchObject({ record: 'profile', email: shop.customerEmail });
    expect(records.filter((record) => record.record === 'card').map((card) => card.id)).toEqual([shop.cardId]);
    const transactions = records.filter((record) => record.record === 'transaction');
    expect(transactions.length).toBeGreaterThanOrEqual(PURCHASES);
    expect(transactions).toContainEqual(expect.objectContaining({ posTransactionId: 'till-2', amount: 1002, currency: 'EUR', cardId: shop.cardId }));

    const inbox = sesInbox(process.env.AWS_ENDPOINT_URL_SESV2!);
    const email = await waitFor(
      async () =>
        (await inbox.list()).find((mail) => mail.destination.to.includes(shop.customerEmail) && mail.subject === 'Your personal data export is ready'),
      { timeoutMs: 10_000, description: 'the data export email' },
    );
    expect(email.body.text).toContain(`Your personal data export (JSONL, gzipped) is ready: ${done.rows.toLocaleString('en-GB')} records.`);
    const link = /Download it here: (\S+)/.exec(email.body.text ?? '')?.[1];
    expect(await download(link ?? '')).toBe(await download(done.downloadUrl!));

    const stranger = await system.customerToken(`stranger-${asked.body.id.slice(-6)}@example.com`);
    const notTheirs = await call(customerApi(), 'GET', `/me/exports/${asked.body.id}`, { token: stranger });
    expect([notTheirs.status, (notTheirs.body as { code?: string }).code]).toEqual([404, 'NOT_FOUND']);
    const staffLookingIn = await call(admin(), 'GET', `/businesses/${shop.businessId}/exports/${asked.body.id}`, { token: shop.staffToken });
    expect(staffLookingIn.status).toBe(404);
  });

  it('makes one file of two requests at once: while one is pending or running, asking again answers it', async () => {
    const customerToken = await system.customerToken(`twice-${shop.businessId.slice(0, 6)}@example.com`);
    const [one, two] = await Promise.all([1, 2].map(() => call<ExportView>(customerApi(), 'POST', '/me/exports', { token: customerToken })));
    expect([one!.status, two!.status]).toEqual([202, 202]);
    expect(two!.body.id).toBe(one!.body.id);
    await waitFor(
      async () => {
        const { body } = await call<ExportView>(customerApi(), 'GET', `/me/exports/${one!.body.id}`, { token: customerToken });
        return body.status === 'ready' ? body : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 250, description: 'the one export' },
    );
    const after = await call<ExportView>(customerApi(), 'POST', '/me/exports', { token: customerToken });
    expect(after.body.id).not.toBe(one!.body.id);
  });
});
