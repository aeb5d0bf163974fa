import { randomBytes } from 'node:crypto';
import { hashRedemptionCode, newRedemptionCode, signCardQr } from '@loyalty/contracts';
import { call, type JsonResponse } from '../support/http.js';
import { startSystem, type System } from '../support/system.js';
import { cardBalance, setUpPointsProgram, setUpStampProgram, type StampShop } from '../support/stamp-program.js';

let system: System;
beforeAll(async () => {
  system = await startSystem();
});
afterAll(async () => {
  await system?.stop();
});

interface TransactionView {
  id: string;
  kind: string;
  status: 'pending' | 'applied' | 'rejected';
  result: { delta: number; balanceAfter: number; earned?: number } | null;
  rejection: { code: string } | null;
  links: { self: string };
}

interface Problem {
  code: string;
  status: number;
  transaction?: TransactionView;
}

interface CardLookup {
  card: { id: string; number: string; status: string; balance: number; program: { kind: string; unit: string; currency: string | null } };
  customer: { displayName: string };
  availableRewards: { type: 'stamp' | 'catalog'; rewardId: string | null; catalogRewardId: string | null; name: string; cost: number }[];
}

const eur = { currency: 'EUR', pointsPerUnit: 1 };

function record<T = TransactionView>(shop: StampShop, body: Record<string, unknown>, token = shop.staffToken): Promise<JsonResponse<T>> {
  return call<T>(system.admin.url, 'POST', `/businesses/${shop.businessId}/transactions`, { token, body, headers: { prefer: 'wait=10' } });
}

const pos = () => `pos-${randomBytes(4).toString('hex')}`;

async function purchase(shop: StampShop, amount: number): Promise<TransactionView> {
  const answer = await record(shop, { kind: 'purchase', posTransactionId: pos(), cardId: shop.cardId, storeId: shop.storeId, amount, currency: 'EUR' });
  expect(answer.status).toBe(200);
  return answer.body;
}

async function catalogReward(shop: StampShop, reward: { name: string; cost: number }): Promise<string> {
  const answer = await call<{ id: string }>(system.admin.url, 'POST', `/businesses/${shop.businessId}/programs/${shop.programId}/rewards`, {
    token: shop.staffToken,
    body: reward,
  });
  expect(answer.status).toBe(201);
  return answer.body.id;
}

/** A staff user of the shop's business with the given role, optionally limited to some stores. */
async function staffMember(shop: StampShop, role: string, storeIds: string[] | null = null): Promise<string> {
  const email = `${role}-${randomBytes(3).toString('hex')}@cafe.test`;
  const token = await system.staffToken(email, []);
  const { sub } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string };
  const added = await call(system.admin.url, 'POST', `/businesses/${shop.businessId}/staff`, {
    token: shop.staffToken,
    body: { username: email, cognitoSub: sub, role, storeIds },
  });
  expect(added.status).toBe(201);
  return token;
}

function lookUp(shop: StampShop, query: string): Promise<JsonResponse<CardLookup & Problem>> {
  return call<CardLookup & Problem>(system.admin.url, 'GET', `/businesses/${shop.businessId}/cards/lookup?${query}`, { token: shop.staffToken });
}

describe('card look-up at the counter', () => {
  it('finds a card by its printed number (with or without dashes) and by a fresh QR code', async () => {
    const shop = await setUpPointsProgram(system, eur);
    await purchase(shop, 12_50);
    const byQr = await lookUp(shop, `qr=${encodeURIComponent(signCardQr(shop.cardId, system.env.QR_SIGNING_SECRET!))}`);
    expect(byQr.status).toBe(200);
    expect(byQr.body.card).toMatchObject({ id: shop.cardId, status: 'active', balance: 12, program: { kind: 'points', unit: 'points', currency: 'EUR' } });
    expect(byQr.body.customer.displayName).toEqual(expect.any(String));

    const byNumber = await lookUp(shop, `number=${encodeURIComponent(byQr.body.card.number)}`);
    expect(byNumber.body.card.id).toBe(shop.cardId);
    const typedWithoutDashes = await lookUp(shop, `number=${byQr.body.card.number.replaceAll('-', '')}`);
    expect(typedWithoutDashes.body.card.id).toBe(shop.cardId);
  });

  it('rejects a forged QR code and a stale one, and does not find another business’s card', async () => {
    const shop = await setUpPointsProgram(system, eur);
    const forged = await lookUp(shop, `qr=${encodeURIComponent(signCardQr(shop.cardId, 'not-the-secret-but-long-enough-to-look-real'))}`);
    expect(forged.status).toBe(400);
    expect(forged.body.code).toBe('INVALID_QR');

    const tenMinutesAgo = new Date(Date.now() - 600_000);
    const stale = await lookUp(shop, `qr=${encodeURIComponent(signCardQr(shop.cardId, system.env.QR_SIGNING_SECRET!, tenMinutesAgo))}`);
    expect(stale.status).toBe(400);
    expect(stale.body.code).toBe('QR_EXPIRED');

    const other = await setUpPointsProgram(system, eur);
    const foreign = await lookUp(shop, `qr=${encodeURIComponent(signCardQr(other.cardId, system.env.QR_SIGNING_SECRET!))}`);
    expect(foreign.status).toBe(404);
  });

  it('lists the catalog rewards the balance pays for now', async () => {
    const shop = await setUpPointsProgram(system, eur);
    await catalogReward(shop, { name: 'Cookie', cost: 5 });
    await catalogReward(shop, { name: 'Lunch', cost: 500 });
    await purchase(shop, 20_00);
    const found = await lookUp(shop, `qr=${encodeURIComponent(signCardQr(shop.cardId, system.env.QR_SIGNING_SECRET!))}`);
    expect(found.body.availableRewards.map((r) => [r.type, r.name, r.cost])).toEqual([['catalog', 'Cookie', 5]]);
  });
});

describe('purchases, redemptions and reversals', () => {
  it('answers a waited visit with what the processor settled, as a later read shows it, and says where the wait went', async () => {
    const shop = await setUpStampProgram(system, { stampsRequired: 10, reward: 'Coffee' });
    const answer = await record(shop, { kind: 'visit', posTransactionId: pos(), cardId: shop.cardId, storeId: shop.storeId });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 'applied', result: { delta: 1, balanceAfter: 1 } });
    expect(answer.headers.get('server-timing')).toMatch(/^wait;dur=[\d.]+, reread;dur=[\d.]+, applied-to-wake;dur=[\d.]+$/);
    const later = await call<TransactionView>(system.admin.url, 'GET', answer.body.links.self, { token: shop.staffToken });
    expect(later.status).toBe(200);
    expect(answer.body).toEqual(later.body);
  });

  it('earns points for a purchase, excluding gift cards and the part paid with points', async () => {
    const shop = await setUpPointsProgram(system, eur);
    const answer = await record(shop, {
      kind: 'purchase',
      posTransactionId: pos(),
      cardId: shop.cardId,
      storeId: shop.storeId,
      amount: 80_00,
      currency: 'EUR',
      lines: [
        { description: 'Espresso beans', amount: 30_00 },
        { description: 'Gift card', amount: 50_00, giftCard: true },
      ],
      paidWithPoints: 10_00,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.result).toMatchObject({ delta: 20, balanceAfter: 20 });
  });

  it('redeems a catalog reward and an unlocked stamp reward', async () => {
    const shop = await setUpPointsProgram(system, eur);
    const cookie = await catalogReward(shop, { name: 'Cookie', cost: 30 });
    await purchase(shop, 100_00);
    const redeemed = await record(shop, { kind: 'redemption', posTransactionId: pos(), cardId: shop.cardId, storeId: shop.storeId, catalogRewardId: cookie });
    expect(redeemed.status).toBe(200);
    expect(redeemed.body.result).toMatchObject({ delta: -30, balanceAfter: 70 });

    const stamps = await setUpStampProgram(system, { stampsRequired: 1, reward: 'A croissant' });
    const visit = await record(stamps, { kind: 'visit', posTransactionId: pos(), cardId: stamps.cardId, storeId: stamps.storeId });
    expect(visit.body.result).toMatchObject({ rewardsUnlocked: 1 });
    const before = await lookUp(stamps, `qr=${encodeURIComponent(signCardQr(stamps.cardId, system.env.QR_SIGNING_SECRET!))}`);
    const [croissant] = before.body.availableRewards;
    expect(croissant).toMatchObject({ type: 'stamp', name: 'A croissant' });
    const handedOver = await record(stamps, {
      kind: 'redemption',
      posTransactionId: pos(),
      cardId: stamps.cardId,
      storeId: stamps.storeId,
      rewardId: croissant!.rewardId,
    });
    expect(handedOver.status).toBe(200);
    const after = await lookUp(stamps, `qr=${encodeURIComponent(signCardQr(stamps.cardId, system.env.QR_SIGNING_SECRET!))}`);
    expect(after.body.availableRewards).toEqual([]);
  });

  it('redeems with the one-time code the customer shows, once', async () => {
    const shop = await setUpPointsProgram(system, eur);
    const cookie = await catalogReward(shop, { name: 'Cookie', cost: 10 });
    await purchase(shop, 50_00);
    const code = newRedemptionCode();
    await system.admin.orm.em
      .fork()
      .execute(
        `insert into loyalty.redemption_codes (code_hash, business_id, card_id, catalog_reward_id, expires_at) values (?, ?, ?, ?, now() + interval '5 minutes')`,
        [hashRedemptionCode(shop.businessId, code), shop.businessId, shop.cardId, cookie],
      );

    const wrong = await record<Problem>(shop, {
      kind: 'redemption',
      posTransactionId: pos(),
      cardId: shop.cardId,
      storeId: shop.storeId,
      code: code === '0000-0000' ? '0000-0001' : '0000-0000',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('INVALID_REDEMPTION_CODE');

    const first = await record(shop, { kind: 'redemption', posTransactionId: pos(), cardId: shop.cardId, storeId: shop.storeId, code });
    expect(first.status).toBe(200);
    expect(first.body.result).toMatchObject({ delta: -10, balanceAfter: 40 });

    const second = await record<Problem>(shop, { kind: 'redemption', posTransactionId: pos(), cardId: shop.cardId, storeId: shop.storeId, code });
    expect(second.status).toBe(400);
    expect(second.body.code).toBe('INVALID_REDEMPTION_CODE');
    expect((await cardBalance(system, shop.cardId)).cached).toBe(40);
  });

  it('lets exactly as many racing redemptions through as the balance pays for; the rest get 409 INSUFFICIENT_BALANCE', async () => {
    const shop = await setUpPointsProgram(system, eur);
    const coffee = await catalogReward(shop, { name: 'Coffee', cost: 20 });
    await purchase(shop, 100_00);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        record<Problem>(shop, { kind: 'redemption', posTransactionId: pos(), cardId: shop.cardId, storeId: shop.storeId, catalogRewardId: coffee }),
      ),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(5);
    const losers = answers.filter((a) => a.status !== 200);
    expect(losers).toHaveLength(15);
    for (const loser of losers) {
      expect(loser.status).toBe(409);
      expect(loser.headers.get('content-type')).toContain('application/problem+json');
      expect(loser.body.code).toBe('INSUFFICIENT_BALANCE');
      expect(loser.headers.get('location')).toBe(loser.body.transaction!.links.self);
    }
    expect(await cardBalance(system, shop.cardId)).toMatchObject({ cached: 0, ledger: 0 });
  });

  it('voids a purchase whole and refunds part of another', async () => {
    const shop = await setUpPointsProgram(system, eur);
    const voided = await purchase(shop, 40_00);
    const refunded = await purchase(shop, 100_00);

    const voidAnswer = await record(shop, { kind: 'void', posTransactionId: pos(), reversesTransactionId: voided.id });
    expect(voidAnswer.status).toBe(200);
    expect(voidAnswer.body.result).toMatchObject({ delta: -40, balanceAfter: 100 });

    const refundAnswer = await record(shop, { kind: 'refund', posTransactionId: pos(), reversesTransactionId: refunded.id, refundAmount: 25_00 });
    expect(refundAnswer.status).toBe(200);
    expect(refundAnswer.body.result).toMatchObject({ delta: -25, balanceAfter: 75 });

    const again = await record<Problem>(shop, { kind: 'void', posTransactionId: pos(), reversesTransactionId: voided.id });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ALREADY_REVERSED');
    const ofAVoid = await record<Problem>(shop, { kind: 'refund', posTransactionId: pos(), reversesTransactionId: voidAnswer.body.id, refundAmount: 1 });
    expect(ofAVoid.status).toBe(409);
    expect(ofAVoid.body.code).toBe('NOT_REVERSIBLE');
  });

  it('shows staff the card’s history newest first, page by page', async () => {
    const shop = await setUpPointsProgram(system, eur);
    const recorded: string[] = [];
    for (const amount of [1_00, 2_00, 3_00, 4_00, 5_00]) recorded.push((await purchase(shop, amount)).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `limit=2&cursor=${cursor}` : 'limit=2';
      const page: JsonResponse<{ items: TransactionView[]; nextCursor: string | null }> = await call(
        system.admin.url,
        'GET',
        `/businesses/${shop.businessId}/cards/${shop.cardId}/transactions?${query}`,
        { token: shop.staffToken },
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((t) => t.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const purchases = seen.filter((id) => recorded.includes(id));
    expect(purchases).toEqual([...recorded].reverse());
    expect(new Set(seen).size).toBe(seen.length);
  });
});

describe('who may do what at the counter', () => {
  it('lets a manager adjust a balance with a reason, and not a cashier', async () => {
    const shop = await setUpPointsProgram(system, eur);
    const adjustment = { kind: 'adjustment', cardId: shop.cardId, points: 15, reason: 'Goodwill: the machine was broken' };
    const cashier = await record<Problem>(shop, { ...adjustment, posTransactionId: pos() }, await staffMember(shop, 'cashier'));
    expect(cashier.status).toBe(403);

    const manager = await record(shop, { ...adjustment, posTransactionId: pos() }, await staffMember(shop, 'manager'));
    expect(manager.status).toBe(200);
    expect(manager.body.result).toMatchObject({ delta: 15, balanceAfter: 15 });

    const withoutReason = await record<Problem>(shop, { kind: 'adjustment', cardId: shop.cardId, points: 5, posTransactionId: pos() });
    expect(withoutReason.status).toBe(400);
    expect(withoutReason.body.code).toBe('VALIDATION_FAILED');
  });

  it('keeps a cashier limited to one store out of the others', async () => {
    const shop = await setUpPointsProgram(system, eur);
    const otherStore = await call<{ id: string }>(system.admin.url, 'POST', `/businesses/${shop.businessId}/stores`, {
      token: shop.staffToken,
      body: { brandId: shop.brandId, name: 'Harbour', timeZone: 'Europe/Berlin' },
    });
    const cashier = await staffMember(shop, 'cashier', [shop.storeId]);
    const sale = { kind: 'purchase', cardId: shop.cardId, amount: 10_00, currency: 'EUR' };

    const elsewhere = await record<Problem>(shop, { ...sale, storeId: otherStore.body.id, posTransactionId: pos() }, cashier);
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.code).toBe('STORE_NOT_ALLOWED');
    const atHome = await record(shop, { ...sale, storeId: shop.storeId, posTransactionId: pos() }, cashier);
    expect(atHome.status).toBe(200);
  });
});
