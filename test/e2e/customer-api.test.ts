import { randomBytes, randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { AdminGetUserCommand, UserNotFoundException } from '@aws-sdk/client-cognito-identity-provider';
import { hashRedemptionCode, verifyCardQr } from '@loyalty/contracts';
import type { EntityManager } from '@loyalty/db';
import { writeEvent } from '@loyalty/outbox';
import { waitFor } from '@loyalty/testing';
import { call } from '../support/http.js';
import { startSystem, type System } from '../support/system.js';

let system: System;
beforeAll(async () => {
  system = await startSystem();
});
afterAll(async () => {
  await system?.stop();
});

const em = (): EntityManager => system.customer.orm.em.fork();
const api = <T = Record<string, unknown>>(method: string, path: string, token: string, body?: unknown) =>
  call<T>(system.customer.url, method, path, { token, body });

async function newCustomer(): Promise<{ token: string; email: string }> {
  const email = `c-${randomBytes(4).toString('hex')}@example.com`;
  return { token: await system.customerToken(email), email };
}

/** Fixtures written straight to the database, so these tests depend on no other API. */
async function seedBrand(): Promise<{ businessId: string; brandId: string }> {
  const businessId = randomUUID();
  const brandId = randomUUID();
  await em().execute(`insert into business.businesses (id, name) values (?, 'Cafe')`, [businessId]);
  await em().execute(`insert into business.brands (id, business_id, name) values (?, ?, 'Cafe Uno')`, [brandId, businessId]);
  return { businessId, brandId };
}

async function seedStore(brand: { businessId: string; brandId: string }, name: string, at?: [number, number]): Promise<string> {
  const id = randomUUID();
  await em().execute(
    `insert into business.stores (id, business_id, brand_id, name, time_zone, latitude, longitude) values (?, ?, ?, ?, 'Europe/Berlin', ?, ?)`,
    [id, brand.businessId, brand.brandId, name, at?.[0] ?? null, at?.[1] ?? null],
  );
  return id;
}

const stampRules = (stampsRequired: number) => ({
  stampsPerVisit: 1,
  stampsRequired,
  rewardDescription: 'A free flat white',
  dailyStampLimit: null,
  minimumAmount: 0,
  stampValidityDays: null,
});
const pointsRules = (extra: Record<string, unknown> = {}) => ({
  currency: 'EUR',
  pointsPerUnit: 10,
  rounding: 'down',
  minimumAmount: 0,
  enrolmentBonus: 0,
  expiry: { type: 'never' },
  expiringNoticeDays: 14,
  tiers: [{ name: 'Gold', minPointsEarned: 1000, multiplier: 1.5 }],
  tierWindowDays: 365,
  ...extra,
});

async function seedProgram(
  brand: { businessId: string; brandId: string },
  kind: 'stamp' | 'points',
  rules: object,
  status = 'active',
  name = `${kind} club`,
): Promise<string> {
  const id = randomUUID();
  await em().execute(`insert into loyalty.programs (id, business_id, brand_id, name, kind, status, rules) values (?, ?, ?, ?, ?, ?, ?::jsonb)`, [
    id,
    brand.businessId,
    brand.brandId,
    name,
    kind,
    status,
    JSON.stringify(rules),
  ]);
  return id;
}

async function seedCatalogReward(
  brand: { businessId: string },
  programId: string,
  name: string,
  cost: number,
  extra: { perCustomerLimit?: number } = {},
): Promise<string> {
  const id = randomUUID();
  await em().execute(`insert into loyalty.catalog_rewards (id, business_id, program_id, name, cost, per_customer_limit) values (?, ?, ?, ?, ?, ?)`, [
    id,
    brand.businessId,
    programId,
    name,
    cost,
    extra.perCustomerLimit ?? null,
  ]);
  return id;
}

/** Credits a card the way the processor would: an applied transaction, a lot, its ledger entry and the cached balance. */
async function creditCard(card: { id: string; businessId: string }, points: number, expiresAt: Date | null, createdAt = new Date()): Promise<string> {
  const transactionId = randomUUID();
  const lotId = randomUUID();
  const tx = em();
  await tx.transactional(async (t) => {
    await t.execute(
      `insert into loyalty.transactions (id, business_id, card_id, kind, pos_transaction_id, status, result, recorded_by, created_at, applied_at)
       values (?, ?, ?, 'adjustment', ?, 'applied', ?::jsonb, 'test', ?, ?)`,
      [transactionId, card.businessId, card.id, `adj-${transactionId}`, JSON.stringify({ delta: points, balanceAfter: 0 }), createdAt, createdAt],
    );
    await t.execute(`insert into loyalty.lots (id, business_id, card_id, transaction_id, earned, remaining, expires_at) values (?, ?, ?, ?, ?, ?, ?)`, [
      lotId,
      card.businessId,
      card.id,
      transactionId,
      points,
      points,
      expiresAt,
    ]);
    await t.execute(`insert into loyalty.ledger_entries (id, business_id, card_id, transaction_id, lot_id, kind, amount) values (?, ?, ?, ?, ?, 'adjust', ?)`, [
      randomUUID(),
      card.businessId,
      card.id,
      transactionId,
      lotId,
      points,
    ]);
    const [owner] = await t.execute<{ program_id: string; customer_id: string; balance: number }[]>(
      `update loyalty.cards set balance = balance + ? where id = ? returning program_id, customer_id, balance`,
      [points, card.id],
    );
    // As the processor settles it: the history writer projects the row into the table the history is read from.
    await writeEvent(t, {
      type: 'transaction.settled',
      businessId: card.businessId,
      aggregateId: transactionId,
      payload: {
        transactionId,
        cardId: card.id,
        programId: owner!.program_id,
        customerId: owner!.customer_id,
        kind: 'adjustment',
        status: 'applied',
        delta: points,
        balanceAfter: owner!.balance,
        rejectionCode: null,
        settledAt: createdAt.toISOString(),
      },
    });
  });
  return transactionId;
}

/** The card's history once the history writer has caught up with `count` transactions (it trails Postgres by moments). */
async function historyOf<T>(card: { id: string }, token: string, count: number, path = `/me/cards/${card.id}/transactions?limit=100`): Promise<Page<T>> {
  let page: Page<T> | undefined;
  await waitFor(
    async () => {
      page = (await api<Page<T>>('GET', path, token)).body;
      return page.items.length === count && page.items.every((item) => (item as { status?: string }).status !== 'pending');
    },
    { timeoutMs: 15_000, description: `${count} settled transactions in the history` },
  );
  return page!;
}

async function enrollIn(token: string, programId: string): Promise<{ id: string; businessId: string }> {
  const enrolled = await api<{ id: string }>('POST', '/me/cards', token, { programId });
  expect([200, 201]).toContain(enrolled.status);
  const [row] = await em().execute<{ business_id: string }[]>(`select business_id from loyalty.cards where id = ?`, [enrolled.body.id]);
  return { id: enrolled.body.id, businessId: row!.business_id };
}

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

async function allPages<T>(path: string, token: string, limit: number): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page: { status: number; body: Page<T> } = await api<Page<T>>('GET', `${path}${separator}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, token);
    expect(page.status).toBe(200);
    pages.push(page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return pages;
}

describe('profile and consents', () => {
  it('shows the email from Cognito and takes a name, an E.164 phone and a BCP 47 locale', async () => {
    const { token, email } = await newCustomer();
    expect((await api('GET', '/me', token)).body).toMatchObject({ email, phone: null, locale: null });

    const changed = await api('PATCH', '/me', token, { displayName: 'Ada', phone: '+4915112345678', locale: 'de-de' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ email, displayName: 'Ada', phone: '+4915112345678', locale: 'de-DE' });
    expect((await api('GET', '/me', token)).body).toMatchObject({ displayName: 'Ada', phone: '+4915112345678', locale: 'de-DE' });

    const badPhone = await api('PATCH', '/me', token, { phone: '0151 1234' });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.code).toBe('VALIDATION_FAILED');
    expect((await api('PATCH', '/me', token, { locale: 'not a locale!' })).status).toBe(400);
    expect((await api('PATCH', '/me', token, { phone: null })).body).toMatchObject({ phone: null, locale: 'de-DE' });
  });

  it("records when each consent was given and keeps that date when the answer doesn't change", async () => {
    const { token } = await newCustomer();
    expect((await api('GET', '/me/consents', token)).body).toEqual({ email: null, sms: null, push: null, marketing: null });

    type Consents = Record<'email' | 'sms' | 'push' | 'marketing', { granted: boolean; at: string } | null>;
    const first = (await api<Consents>('PUT', '/me/consents', token, { email: true, marketing: false })).body;
    expect(first).toMatchObject({ email: { granted: true }, marketing: { granted: false }, sms: null, push: null });

    await new Promise((resolve) => setTimeout(resolve, 5));
    const repeated = (await api<Consents>('PUT', '/me/consents', token, { email: true, marketing: true, sms: true })).body;
    expect(repeated.email).toEqual(first.email);
    expect(repeated.marketing!.granted).toBe(true);
    expect(repeated.marketing!.at > first.marketing!.at).toBe(true);
    expect(repeated.sms).toMatchObject({ granted: true });
    expect((await api('GET', '/me/consents', token)).body).toEqual(repeated);
    expect((await api('PUT', '/me/consents', token, { fax: true })).status).toBe(400);
  });
});

describe('discovery', () => {
  it("lists a brand's active programs with the rules a customer needs and the catalog", async () => {
    const { token } = await newCustomer();
    const brand = await seedBrand();
    const stamps = await seedProgram(brand, 'stamp', stampRules(8));
    const points = await seedProgram(brand, 'points', pointsRules());
    await seedProgram(brand, 'stamp', stampRules(5), 'draft');
    await seedCatalogReward(brand, points, 'Cake', 300);

    const page = await api<Page<{ id: string; rules: unknown; rewards: { name: string; cost: number }[] }>>('GET', `/brands/${brand.brandId}/programs`, token);
    expect(page.status).toBe(200);
    expect(page.body.items.map((p) => p.id).sort()).toEqual([stamps, points].sort());
    const byId = new Map(page.body.items.map((p) => [p.id, p]));
    expect(byId.get(stamps)!.rules).toEqual({ kind: 'stamp', stampsRequired: 8, rewardDescription: 'A free flat white' });
    expect(byId.get(points)!.rules).toEqual({
      kind: 'points',
      pointsPerUnit: 10,
      currency: 'EUR',
      tiers: [{ name: 'Gold', minPointsEarned: 1000, multiplier: 1.5 }],
    });
    expect(byId.get(points)!.rewards).toEqual([expect.objectContaining({ name: 'Cake', cost: 300 })]);

    const paged = await allPages<{ id: string }>(`/brands/${brand.brandId}/programs`, token, 1);
    expect(paged.flat().map((p) => p.id)).toEqual(page.body.items.map((p) => p.id));
    expect((await api('GET', `/brands/${randomUUID()}/programs`, token)).status).toBe(404);
  });

  it('finds programs with a store within the radius, nearest first, with that store and its distance', async () => {
    const { token } = await newCustomer();
    const here: [number, number] = [-33.8688, 151.2093];
    const near = await seedBrand();
    const farther = await seedBrand();
    const outside = await seedBrand();
    const nearProgram = await seedProgram(near, 'stamp', stampRules(5));
    const fartherProgram = await seedProgram(farther, 'points', pointsRules());
    await seedProgram(outside, 'stamp', stampRules(5));
    await seedStore(near, 'Two km away', [here[0] + 0.018, here[1]]);
    const nearest = await seedStore(near, 'One km away', [here[0] + 0.009, here[1]]);
    await seedStore(farther, 'Five km away', [here[0], here[1] + 0.054]);
    await seedStore(outside, 'Thirty km away', [here[0] + 0.27, here[1]]);

    type Listing = { id: string; nearestStore: { id: string; name: string; distanceKm: number } };
    const found = await api<Page<Listing>>('GET', `/programs?near=${here.join(',')}&radiusKm=10`, token);
    expect(found.status).toBe(200);
    expect(found.body.items.map((p) => p.id)).toEqual([nearProgram, fartherProgram]);
    expect(found.body.items[0]!.nearestStore).toMatchObject({ id: nearest, name: 'One km away' });
    expect(found.body.items[0]!.nearestStore.distanceKm).toBeCloseTo(1.0, 1);
    expect(found.body.items[1]!.nearestStore.distanceKm).toBeCloseTo(5.0, 0);

    const paged = await allPages<Listing>(`/programs?near=${here.join(',')}&radiusKm=10`, token, 1);
    expect(paged.map((page) => page.map((p) => p.id))).toEqual([[nearProgram], [fartherProgram]]);
    expect((await api<Page<Listing>>('GET', `/programs?near=${here.join(',')}&radiusKm=50`, token)).body.items).toHaveLength(3);

    for (const bad of ['near=95,10', 'near=10,181', 'near=abc', `near=${here.join(',')}&radiusKm=0`, `near=${here.join(',')}&radiusKm=500`]) {
      const refused = await api('GET', `/programs?${bad}`, token);
      expect([bad, refused.status, refused.body.code]).toEqual([bad, 400, 'VALIDATION_FAILED']);
    }
  });
});

describe('cards', () => {
  it('enrolls once however often asked, emits card.enrolled once, and only in active programs', async () => {
    const { token } = await newCustomer();
    const brand = await seedBrand();
    const programId = await seedProgram(brand, 'stamp', stampRules(5));
    const first = await api<{ id: string }>('POST', '/me/cards', token, { programId });
    const again = await api<{ id: string }>('POST', '/me/cards', token, { programId });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.id).toBe(first.body.id);
    const events = await em().execute<{ payload: { cardId: string; programId: string } }[]>(
      `select payload from messaging.outbox where event_type = 'card.enrolled' and aggregate_id = ?`,
      [first.body.id],
    );
    expect(events).toEqual([{ payload: expect.objectContaining({ cardId: first.body.id, programId }) }]);

    const draft = await seedProgram(brand, 'stamp', stampRules(5), 'draft');
    const refused = await api('POST', '/me/cards', token, { programId: draft });
    expect([refused.status, refused.body.code]).toEqual([409, 'PROGRAM_NOT_ACTIVE']);
    expect((await api('POST', '/me/cards', token, { programId: randomUUID() })).status).toBe(404);
  });

  it('credits the enrolment bonus of a points program', async () => {
    const { token } = await newCustomer();
    const brand = await seedBrand();
    const card = await enrollIn(token, await seedProgram(brand, 'points', pointsRules({ enrolmentBonus: 50 })));
    const shown = await waitFor(
      async () => {
        const view = await api<{ balance: number }>('GET', `/me/cards/${card.id}`, token);
        return view.body.balance === 50 ? view.body : undefined;
      },
      { timeoutMs: 15_000, description: 'the enrolment bonus' },
    );
    expect(shown).toMatchObject({ balance: 50, progress: { kind: 'points', points: 50 } });
  });

  it('shows a stamp card after visits: stamps, progress, completed cards and the unlocked reward', async () => {
    const { token } = await newCustomer();
    const brand = await seedBrand();
    const storeId = await seedStore(brand, 'Main street');
    const programId = await seedProgram(brand, 'stamp', stampRules(3));
    const card = await enrollIn(token, programId);

    for (let visit = 1; visit <= 4; visit++) {
      await em().transactional(async (tx) => {
        const id = randomUUID();
        await tx.execute(
          `insert into loyalty.transactions (id, business_id, card_id, store_id, kind, pos_transaction_id, status, recorded_by) values (?, ?, ?, ?, 'visit', ?, 'pending', 'test')`,
          [id, card.businessId, card.id, storeId, `visit-${card.id}-${visit}`],
        );
        await writeEvent(tx, {
          type: 'transaction.recorded',
          businessId: card.businessId,
          aggregateId: id,
          payload: {
            transactionId: id,
            cardId: card.id,
            programId,
            storeId,
            kind: 'visit',
            posTransactionId: `visit-${card.id}-${visit}`,
            recordedAt: new Date().toISOString(),
          },
        });
      });
    }
    await waitFor(
      async () => {
        const [row] = await em().execute<{ pending: string }[]>(
          `select count(*) filter (where status = 'pending') as pending from loyalty.transactions where card_id = ?`,
          [card.id],
        );
        return Number(row!.pending) === 0;
      },
      { timeoutMs: 15_000, description: 'four visits applied' },
    );

    const view = await api<{ availableRewards: { type: string }[] }>('GET', `/me/cards/${card.id}`, token);
    expect(view.body).toMatchObject({
      balance: 1,
      status: 'active',
      progress: { kind: 'stamp', stamps: 1, stampsRequired: 3, stampsMissing: 2 },
      completedCards: 1,
      availableRewards: [{ type: 'unlocked', description: 'A free flat white', cardId: card.id }],
    });
    const history = await historyOf<{ kind: string; status: string; delta: number; balanceAfter: number; store: { name: string } }>(
      card,
      token,
      4,
      `/me/cards/${card.id}/transactions`,
    );
    expect(history.items.map((t) => [t.kind, t.status, t.store.name])).toEqual(Array(4).fill(['visit', 'applied', 'Main street']));
    // The processor may apply them in any order; the balances they left behind are what is certain.
    expect(history.items.map((t) => t.balanceAfter).sort()).toEqual([0, 1, 1, 2]);
  });

  it('shows points progress, points expiring within 30 days and the rewards I can afford', async () => {
    const { token } = await newCustomer();
    const brand = await seedBrand();
    const programId = await seedProgram(brand, 'points', pointsRules());
    const card = await enrollIn(token, programId);
    const coffee = await seedCatalogReward(brand, programId, 'Coffee', 100);
    await seedCatalogReward(brand, programId, 'Once only', 50, { perCustomerLimit: 1 });
    const cake = await seedCatalogReward(brand, programId, 'Cake', 400);
    await seedCatalogReward(brand, programId, 'Brunch', 900);
    const day = 24 * 3600 * 1000;
    const soon = new Date(Date.now() + 10 * day);
    await creditCard(card, 120, soon);
    await creditCard(card, 80, new Date(Date.now() + 20 * day));
    await creditCard(card, 100, new Date(Date.now() + 90 * day));
    const onceOnly = await em().execute<{ id: string }[]>(`select id from loyalty.catalog_rewards where name = 'Once only' and program_id = ?`, [programId]);
    const takenBy = await creditCard(card, 1, null);
    await em().execute(
      `insert into loyalty.rewards (id, business_id, card_id, program_id, transaction_id, catalog_reward_id, status) values (?, ?, ?, ?, ?, ?, 'redeemed')`,
      [randomUUID(), card.businessId, card.id, programId, takenBy, onceOnly[0]!.id],
    );

    const view = await api<{ availableRewards: { catalogRewardId: string }[] }>('GET', `/me/cards/${card.id}`, token);
    expect(view.body).toMatchObject({
      balance: 301,
      progress: { kind: 'points', points: 301, nextReward: { catalogRewardId: cake, name: 'Cake', cost: 400 }, pointsMissing: 99 },
      expiringSoon: { amount: 200, earliestExpiry: soon.toISOString(), withinDays: 30 },
    });
    expect(view.body.availableRewards.map((r) => r.catalogRewardId)).toEqual([coffee]);

    const rewards = await allPages<{ type: string; catalogRewardId: string }>('/me/rewards', token, 1);
    expect(rewards.flat()).toEqual([expect.objectContaining({ type: 'catalog', catalogRewardId: coffee, cardId: card.id, cost: 100 })]);
  });

  it('hands out a QR payload the counter can verify', async () => {
    const { token } = await newCustomer();
    const card = await enrollIn(token, await seedProgram(await seedBrand(), 'stamp', stampRules(5)));
    const before = Date.now();
    const qr = await api<{ payload: string; expiresAt: string }>('GET', `/me/cards/${card.id}/qr`, token);
    expect(qr.status).toBe(200);
    expect(verifyCardQr(qr.body.payload, system.env.QR_SIGNING_SECRET!, 300)).toEqual({ valid: true, cardId: card.id });
    expect(verifyCardQr(qr.body.payload, 'another-secret-another-secret-another', 300)).toMatchObject({ valid: false });
    expect(new Date(qr.body.expiresAt).getTime() - before).toBeGreaterThanOrEqual(299_000);
    expect(new Date(qr.body.expiresAt).getTime() - before).toBeLessThanOrEqual(301_000);
  });

  it('pages through the history newest first, without duplicates, even with equal timestamps', async () => {
    const { token } = await newCustomer();
    const card = await enrollIn(token, await seedProgram(await seedBrand(), 'points', pointsRules()));
    const sameInstant = new Date(Date.now() - 60_000);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push(await creditCard(card, 10 + i, null, i < 4 ? sameInstant : new Date(Date.now() - 30_000 + i * 1000)));

    const full = await historyOf<{ id: string; delta: number; createdAt: string }>(card, token, 7);
    expect(full.items).toHaveLength(7);
    const times = full.items.map((t) => t.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    const pages = await allPages<{ id: string }>(`/me/cards/${card.id}/transactions`, token, 2);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2, 1]);
    expect(pages.flat().map((t) => t.id)).toEqual(full.items.map((t) => t.id));
    expect(new Set(pages.flat().map((t) => t.id))).toEqual(new Set(ids));
    expect((await api('GET', `/me/cards/${card.id}/transactions?cursor=bogus`, token)).body.code).toBe('INVALID_CURSOR');
  });

  it('issues one-time redemption codes stored only as a hash, valid for five minutes', async () => {
    const { token } = await newCustomer();
    const brand = await seedBrand();
    const programId = await seedProgram(brand, 'points', pointsRules());
    const card = await enrollIn(token, programId);
    const coffee = await seedCatalogReward(brand, programId, 'Coffee', 100);
    const cake = await seedCatalogReward(brand, programId, 'Cake', 400);
    await creditCard(card, 150, null);

    const before = Date.now();
    const issued = await api<{ code: string; expiresAt: string }>('POST', `/me/cards/${card.id}/redemption-codes`, token, { catalogRewardId: coffee });
    expect(issued.status).toBe(201);
    expect(issued.body.code).toMatch(/^\d{4}-\d{4}$/);
    const rows = await em().execute<{ code_hash: string; catalog_reward_id: string; expires_at: string; used_at: string | null }[]>(
      `select code_hash, catalog_reward_id, to_json(expires_at) #>> '{}' as expires_at, used_at from loyalty.redemption_codes where card_id = ?`,
      [card.id],
    );
    expect(rows).toEqual([
      { code_hash: hashRedemptionCode(card.businessId, issued.body.code), catalog_reward_id: coffee, expires_at: expect.any(String), used_at: null },
    ]);
    expect(new Date(rows[0]!.expires_at).toISOString()).toBe(issued.body.expiresAt);
    expect(JSON.stringify(rows)).not.toContain(issued.body.code.replace('-', ''));
    const lifetime = new Date(issued.body.expiresAt).getTime() - before;
    expect(lifetime).toBeGreaterThan(295_000);
    expect(lifetime).toBeLessThanOrEqual(301_000);

    const tooDear = await api('POST', `/me/cards/${card.id}/redemption-codes`, token, { catalogRewardId: cake });
    expect([tooDear.status, tooDear.body.code]).toEqual([409, 'INSUFFICIENT_BALANCE']);
    expect((await api('POST', `/me/cards/${card.id}/redemption-codes`, token, { rewardId: randomUUID() })).status).toBe(404);
    expect((await api('POST', `/me/cards/${card.id}/redemption-codes`, token, { rewardId: randomUUID(), catalogRewardId: coffee })).status).toBe(400);
  });

  it("answers 404 for another customer's card on every card route", async () => {
    const owner = await newCustomer();
    const stranger = await newCustomer();
    const brand = await seedBrand();
    const programId = await seedProgram(brand, 'points', pointsRules());
    const card = await enrollIn(owner.token, programId);
    const coffee = await seedCatalogReward(brand, programId, 'Coffee', 100);
    await creditCard(card, 150, null);

    const attempts = [
      await api('GET', `/me/cards/${card.id}`, stranger.token),
      await api('GET', `/me/cards/${card.id}/qr`, stranger.token),
      await api('GET', `/me/cards/${card.id}/transactions`, stranger.token),
      await api('POST', `/me/cards/${card.id}/redemption-codes`, stranger.token, { catalogRewardId: coffee }),
    ];
    expect(attempts.map((a) => [a.status, a.body.code])).toEqual(Array(4).fill([404, 'NOT_FOUND']));
    expect((await api<Page<unknown>>('GET', '/me/cards', stranger.token)).body.items).toEqual([]);
    expect((await api<Page<unknown>>('GET', '/me/rewards', stranger.token)).body.items).toEqual([]);
    expect((await api('GET', `/me/cards/${card.id}`, owner.token)).status).toBe(200);
  });
});

describe('my data', () => {
  it('exports everything held about me as a file: asked for, produced in the background, downloaded', async () => {
    const { token, email } = await newCustomer();
    const card = await enrollIn(token, await seedProgram(await seedBrand(), 'points', pointsRules()));
    const transactionId = await creditCard(card, 40, null);
    await api('PUT', '/me/consents', token, { email: true });

    const asked = await api<{ id: string }>('POST', '/me/exports', token);
    expect(asked.status).toBe(202);
    const done = await waitFor(
      async () => {
        const { body } = await api<{ status: string; downloadUrl: string | null }>('GET', `/me/exports/${asked.body.id}`, token);
        return body.status === 'ready' ? body : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 250, description: 'my data export' },
    );
    const file = await fetch(done.downloadUrl!);
    const records = gunzipSync(Buffer.from(await file.arrayBuffer()))
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const of = (record: string) => records.filter((r) => r.record === record);
    expect(of('profile')).toEqual([expect.objectContaining({ email, consents: { email: { granted: true, at: expect.any(String) } } })]);
    expect(of('card').map((c) => c.id)).toEqual([card.id]);
    expect(of('transaction').map((t) => t.id)).toEqual([transactionId]);
    expect(of('ledgerEntry').map((l) => [l.kind, l.amount])).toEqual([['adjust', 40]]);
    expect(of('lot').map((l) => l.earned)).toEqual([40]);
    // The synchronous download it replaces is gone.
    expect((await api('GET', '/me/export', token)).status).toBe(404);
  });

  it('deletes me: personal data erased, cards closed, numbers kept, sign-in removed, token refused', async () => {
    const { token, email } = await newCustomer();
    await api('PATCH', '/me', token, { phone: '+4915112345678', displayName: 'Ada' });
    await api('PUT', '/me/consents', token, { marketing: true });
    const card = await enrollIn(token, await seedProgram(await seedBrand(), 'points', pointsRules()));
    await creditCard(card, 70, null);
    const me = await api<{ id: string }>('GET', '/me', token);

    const deleted = await fetch(`${system.customer.url}/me`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect(deleted.status).toBe(204);

    const [customer] = await em().execute(`select email, display_name, phone, locale, consents, deleted_at from customer.customers where id = ?`, [me.body.id]);
    expect(customer).toEqual({ email: null, display_name: 'Deleted customer', phone: null, locale: null, consents: {}, deleted_at: expect.any(String) });
    const [cardRow] = await em().execute(`select status, balance from loyalty.cards where id = ?`, [card.id]);
    expect(cardRow).toEqual({ status: 'closed', balance: 70 });
    const [ledger] = await em().execute<{ sum: string }[]>(`select sum(amount) from loyalty.ledger_entries where card_id = ?`, [card.id]);
    expect(Number(ledger!.sum)).toBe(70);
    const events = await em().execute(`select business_id, payload from messaging.outbox where event_type = 'customer.deleted' and aggregate_id = ?`, [
      me.body.id,
    ]);
    expect(events).toEqual([{ business_id: card.businessId, payload: { customerId: me.body.id, deletedAt: expect.any(String) } }]);

    const { userPoolId } = system.topology.userPools.customers;
    await expect(system.clients.cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: email }))).rejects.toBeInstanceOf(
      UserNotFoundException,
    );
    for (const [method, path] of [
      ['GET', '/me'],
      ['GET', '/me/cards'],
      ['POST', '/me/exports'],
    ] as const) {
      const refused = await api(method, path, token);
      expect([path, refused.status]).toEqual([path, 401]);
    }
  });
});
