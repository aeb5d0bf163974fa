import { gunzipSync } from 'node:zlib';
import { signCardQr } from '@loyalty/contracts';
import { sesInbox } from '@loyalty/local-stack';
import { cardHistoryPage, documentClient } from '@loyalty/tables';
import { waitFor } from '@loyalty/testing';
import { call } from '../support/http.js';
import { startSystem, type System } from '../support/system.js';
import { cardBalance, setUpStampProgram } from '../support/stamp-program.js';

let system: System;
beforeAll(async () => {
  system = await startSystem();
});
afterAll(async () => {
  await system?.stop();
});

interface TransactionView {
  id: string;
  status: 'pending' | 'applied' | 'rejected';
  result: { balanceAfter: number; stampsRequired: number; rewardsUnlocked: number } | null;
  links: { self: string };
}

interface ExportView {
  status: 'pending' | 'running' | 'ready' | 'failed';
  rows: number;
  downloadUrl: string | null;
  error: string | null;
}

interface CardLookup {
  card: { balance: number; program: { stampsRequired: number | null } };
  availableRewards: { type: string; rewardId: string | null; name: string }[];
}

describe('a stamp card, from program set-up to the reward email', () => {
  it('stamps the card through every hop and emails the customer when the reward unlocks', async () => {
    const shop = await setUpStampProgram(system, { stampsRequired: 3, reward: 'A free flat white' });
    const admin = system.admin.url;

    const first = await call<TransactionView>(admin, 'POST', `/businesses/${shop.businessId}/transactions`, {
      token: shop.staffToken,
      body: { kind: 'visit', cardId: shop.cardId, storeId: shop.storeId, posTransactionId: 'pos-1' },
    });
    expect(first.status).toBe(202);
    expect(first.headers.get('location')).toBe(first.body.links.self);
    const firstApplied = await call<TransactionView>(admin, 'GET', first.body.links.self, { token: shop.staffToken, headers: { prefer: 'wait=5' } });
    expect(firstApplied.status).toBe(200);
    expect(firstApplied.body.result).toMatchObject({ balanceAfter: 1, stampsRequired: 3, rewardsUnlocked: 0 });

    const visit = (pos: string) =>
      call<TransactionView>(admin, 'POST', `/businesses/${shop.businessId}/transactions`, {
        token: shop.staffToken,
        headers: { prefer: 'wait=5', 'x-correlation-id': `receipt-${pos}` },
        body: { kind: 'visit', cardId: shop.cardId, storeId: shop.storeId, posTransactionId: pos },
      });
    const second = await visit('pos-2');
    expect(second.status).toBe(200);
    expect(second.body.result).toMatchObject({ balanceAfter: 2, stampsRequired: 3, rewardsUnlocked: 0 });
    const third = await visit('pos-3');
    expect(third.status).toBe(200);
    expect(third.body.result).toMatchObject({ balanceAfter: 0, stampsRequired: 3, rewardsUnlocked: 1 });

    const inbox = sesInbox(process.env.AWS_ENDPOINT_URL_SESV2!);
    const email = await waitFor(async () => (await inbox.list()).find((mail) => mail.destination.to.includes(shop.customerEmail)), {
      timeoutMs: 10_000,
      description: 'the reward email',
    });
    expect(email.subject).toBe('Your reward is ready: A free flat white');
    expect(email.body.text).toContain('You collected 3 stamps on your Coffee Club card.');
    expect(email.body.html).toContain('<strong>A free flat white</strong>');

    // The analytics processor counted the enrolment and the three visits on the store's local day.
    const berlinDay = (offsetDays: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(Date.now() + offsetDays * 86_400_000);
    const summaryPath = `/businesses/${shop.businessId}/analytics/summary?from=${berlinDay(-1)}&to=${berlinDay(1)}`;
    const summary = await waitFor(
      async () => {
        const answer = await call<Record<string, number>>(admin, 'GET', summaryPath, { token: shop.staffToken });
        return answer.body.visits === 3 && answer.body.rewardsUnlocked === 1 ? answer.body : undefined;
      },
      { timeoutMs: 10_000, description: 'the visits in the analytics summary' },
    );
    expect(summary).toMatchObject({ visits: 3, stampsIssued: 3, rewardsUnlocked: 1, rewardsRedeemed: 0, newCards: 1, activeCustomers: 1, purchases: 0 });

    // The audit writer put the staff's set-up into the DynamoDB audit table, which the audit API reads.
    const activation = await waitFor(
      async () => {
        const answer = await call<{ items: { action: string }[] }>(admin, 'GET', `/businesses/${shop.businessId}/audit?category=staff_action`, {
          token: shop.staffToken,
        });
        return answer.body.items.find((item) => item.action === 'program.activate');
      },
      { timeoutMs: 10_000, description: 'the program activation in the audit trail' },
    );
    expect(activation).toMatchObject({ category: 'staff_action', actor: { type: 'staff' }, target: { type: 'program', id: shop.programId } });

    // The owner exports the journey's transactions: the file holds the three visits, the first as recorded.
    const asked = await call<ExportView>(admin, 'POST', `/businesses/${shop.businessId}/exports`, {
      token: shop.staffToken,
      body: { kind: 'transactions', format: 'csv' },
    });
    expect(asked.status).toBe(202);
    const exported = await waitFor(
      async () => {
        const { body } = await call<ExportView>(admin, 'GET', asked.headers.get('location')!, { token: shop.staffToken });
        if (body.status === 'failed') throw new Error(`export failed: ${body.error}`);
        return body.status === 'ready' ? body : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 250, description: 'the transactions export' },
    );
    expect(exported.rows).toBe(3);
    const file = await fetch(exported.downloadUrl!);
    const [header, ...records] = gunzipSync(Buffer.from(await file.arrayBuffer()))
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n')
      .map((line) => line.split(','));
    expect(records).toHaveLength(3);
    const byName = (record: string[]) => Object.fromEntries(header!.map((column, i) => [column, record[i]]));
    expect(records.map((record) => byName(record).posTransactionId)).toEqual(['pos-1', 'pos-2', 'pos-3']);
    expect(byName(records[0]!)).toMatchObject({
      transactionId: first.body.id,
      kind: 'visit',
      status: 'applied',
      posTransactionId: 'pos-1',
      storeId: shop.storeId,
      storeName: 'Main street',
      amount: '',
      currency: '',
      delta: '1',
    });

    // The customer's history is served from the transaction-history table, which the history writer fills.
    const historyTable = system.topology.tables['transaction-history'].name;
    const items = await waitFor(
      async () => {
        const entries = await cardHistoryPage(documentClient(system.clients.dynamodb), historyTable, shop.cardId, undefined, 10);
        return entries.length === 3 && entries.every((entry) => entry.status === 'applied') ? entries : undefined;
      },
      { timeoutMs: 10_000, description: 'the three visits in the history table' },
    );
    expect(items.map((item) => item.transactionId)).toEqual([third.body.id, second.body.id, first.body.id]);
    const myHistory = await call<{ items: { id: string; balanceAfter: number; store: { name: string } }[] }>(
      system.customer.url,
      'GET',
      `/me/cards/${shop.cardId}/transactions`,
      { token: shop.customerToken },
    );
    expect(myHistory.body.items.map((item) => [item.id, item.balanceAfter, item.store.name])).toEqual(
      items.map((item) => [item.transactionId, item.balanceAfter, 'Main street']),
    );

    const qr = encodeURIComponent(signCardQr(shop.cardId, system.env.QR_SIGNING_SECRET!));
    const atCounter = await call<CardLookup>(admin, 'GET', `/businesses/${shop.businessId}/cards/lookup?qr=${qr}`, { token: shop.staffToken });
    expect(atCounter.body.card).toMatchObject({ balance: 0, program: { stampsRequired: 3 } });
    expect(atCounter.body.availableRewards).toEqual([expect.objectContaining({ type: 'stamp', name: 'A free flat white' })]);
    // Three earns, each its own lot, and one conversion entry per lot the full card used up.
    expect(await cardBalance(system, shop.cardId)).toEqual({ cached: 0, ledger: 0, entries: 6 });

    const events = await system.admin.orm.em
      .fork()
      .execute<{ id: string; event_type: string; headers: { correlationId: string; causationId: string | null } }[]>(
        `select id, event_type, headers from messaging.outbox where headers->>'correlationId' = 'receipt-pos-3' order by id`,
      );
    const [recorded, ...caused] = events;
    expect(recorded!.event_type).toBe('transaction.recorded');
    expect(caused.map((e) => e.event_type).sort()).toEqual(['reward.unlocked', 'transaction.settled']);
    for (const event of caused) expect(event.headers.causationId).toBe(recorded!.id);
  });

  it('applies concurrent visits to one card one after another: every stamp counted, full cards become rewards', async () => {
    const shop = await setUpStampProgram(system, { stampsRequired: 4, reward: 'A muffin' });
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call<TransactionView>(system.admin.url, 'POST', `/businesses/${shop.businessId}/transactions`, {
          token: shop.staffToken,
          headers: { prefer: 'wait=10' },
          body: { kind: 'visit', cardId: shop.cardId, storeId: shop.storeId, posTransactionId: `rush-${i}` },
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(answers.reduce((sum, a) => sum + (a.body.result?.rewardsUnlocked ?? 0), 0)).toBe(2);
    expect(await cardBalance(system, shop.cardId)).toEqual({ cached: 2, ledger: 2, entries: 18 });
    const inbox = sesInbox(process.env.AWS_ENDPOINT_URL_SESV2!);
    const emails = await waitFor(
      async () => {
        const mine = (await inbox.list()).filter((mail) => mail.destination.to.includes(shop.customerEmail));
        return mine.length >= 2 ? mine : undefined;
      },
      { description: 'two reward emails' },
    );
    expect(emails).toHaveLength(2);
  });

  it('records one visit, once, when the POS replays the same transaction id', async () => {
    const shop = await setUpStampProgram(system, { stampsRequired: 10, reward: 'Cake' });
    const body = { kind: 'visit', cardId: shop.cardId, storeId: shop.storeId, posTransactionId: 'pos-replayed' };
    const path = `/businesses/${shop.businessId}/transactions`;
    const answers = await Promise.all(
      [1, 2, 3].map(() => call<TransactionView>(system.admin.url, 'POST', path, { token: shop.staffToken, body, headers: { prefer: 'wait=5' } })),
    );

    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const again = await call<TransactionView>(system.admin.url, 'POST', path, { token: shop.staffToken, body });
    expect(again.status).toBe(200);
    expect(again.body.result).toMatchObject({ balanceAfter: 1, stampsRequired: 10, rewardsUnlocked: 0 });
    expect(await cardBalance(system, shop.cardId)).toEqual({ cached: 1, ledger: 1, entries: 1 });
  });

  it('refuses a POS transaction id reused for another store with 409', async () => {
    const shop = await setUpStampProgram(system, { stampsRequired: 10, reward: 'Cake' });
    const path = `/businesses/${shop.businessId}/transactions`;
    await call(system.admin.url, 'POST', path, {
      token: shop.staffToken,
      body: { kind: 'visit', cardId: shop.cardId, storeId: shop.storeId, posTransactionId: 'pos-9' },
    });
    const otherStore = await call<{ id: string }>(system.admin.url, 'POST', `/businesses/${shop.businessId}/stores`, {
      token: shop.staffToken,
      body: { brandId: shop.brandId, name: 'Second street', timeZone: 'Europe/Berlin' },
    });
    const reused = await call(system.admin.url, 'POST', path, {
      token: shop.staffToken,
      body: { kind: 'visit', cardId: shop.cardId, storeId: otherStore.body.id, posTransactionId: 'pos-9' },
    });
    expect(reused.status).toBe(409);
    expect(reused.headers.get('content-type')).toContain('application/problem+json');
    expect(reused.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', status: 409 });
  });
});
