import { randomBytes } from 'node:crypto';
import { createLogger } from '@loyalty/platform';
import { sesInbox } from '@loyalty/local-stack';
import { waitFor } from '@loyalty/testing';
import { runExpiryJob } from '../../services/loyalty-processor/src/entry-points/expiry-job.js';
import { call } from '../support/http.js';
import { startSystem, type System } from '../support/system.js';
import { cardBalance, setUpPointsProgram, type StampShop } from '../support/stamp-program.js';

let system: System;
beforeAll(async () => {
  system = await startSystem();
});
afterAll(async () => {
  await system?.stop();
});

interface TransactionView {
  id: string;
  result: { delta: number; balanceAfter: number; earned?: number; tier?: string | null; multiplier?: number } | null;
}

const day = 24 * 60 * 60 * 1000;

// Every number below is worked out by hand from the program's rules; the comments show the sums.
test('a points customer: bonus, purchases, a tier, a redemption, a partial refund, expiry', async () => {
  const shop = await setUpPointsProgram(system, {
    currency: 'EUR',
    pointsPerUnit: 1,
    rounding: 'down',
    enrolmentBonus: 50,
    expiry: { type: 'after', amount: 12, unit: 'months' },
    expiringNoticeDays: 14,
    tiers: [{ name: 'Gold', minPointsEarned: 200, multiplier: 2 }],
    tierWindowDays: 365,
  });
  const coffee = await call<{ id: string }>(system.admin.url, 'POST', `/businesses/${shop.businessId}/programs/${shop.programId}/rewards`, {
    token: shop.staffToken,
    body: { name: 'Free coffee', cost: 100 },
  });
  expect(coffee.status).toBe(201);

  // Enrolment bonus: 50.
  await waitFor(async () => (await cardBalance(system, shop.cardId)).cached === 50, { description: 'the enrolment bonus' });

  // €120.50 at 1 point per euro, rounded down: 120. Balance 170; earned in the window 170, below Gold.
  const first = await purchase(shop, 120_50);
  expect(first.result).toMatchObject({ earned: 120, balanceAfter: 170, tier: null });

  // €40: 40 more at ×1 (the tier is decided after this purchase). Earned 210 ≥ 200: Gold.
  const second = await purchase(shop, 40_00);
  expect(second.result).toMatchObject({ earned: 40, balanceAfter: 210, tier: 'Gold' });
  const card = await call<{ tier: string | null; balance: number }>(system.customer.url, 'GET', `/me/cards/${shop.cardId}`, { token: shop.customerToken });
  expect(card.body).toMatchObject({ tier: 'Gold', balance: 210 });

  // €30 in Gold: 30 × 2 = 60. Balance 270.
  const third = await purchase(shop, 30_00);
  expect(third.result).toMatchObject({ earned: 60, multiplier: 2, balanceAfter: 270 });

  // Free coffee for 100: the oldest lots go first (bonus 50, then 50 of the 120). Balance 170.
  const redeemed = await counter(shop, { kind: 'redemption', cardId: shop.cardId, storeId: shop.storeId, catalogRewardId: coffee.body.id });
  expect(redeemed.status).toBe(200);
  expect(redeemed.body.result).toMatchObject({ delta: -100, balanceAfter: 170 });

  // Half of the €30 purchase refunded: round(60 × 15/30) = 30 taken back from that purchase's own lot. Balance 140.
  const refund = await counter(shop, { kind: 'refund', reversesTransactionId: third.id, refundAmount: 15_00 });
  expect(refund.status).toBe(200);
  expect(refund.body.result).toMatchObject({ delta: -30, balanceAfter: 140 });

  const lots = await openLots(shop.cardId);
  expect(lots).toEqual([70, 40, 30]);
  expect(await cardBalance(system, shop.cardId)).toMatchObject({ cached: 140, ledger: 140 });

  // A week before the lots expire, each is announced once and the customer gets an email for each.
  const expiresAt = Date.now() + 365 * day;
  const logger = createLogger('expiry', 'silent');
  await runExpiryJob(system.admin.orm, logger, new Date(expiresAt - 7 * day));
  await runExpiryJob(system.admin.orm, logger, new Date(expiresAt - 6 * day));
  expect((await eventsOfType(shop, 'points.expiring')).map((payload) => payload.points).sort((a, b) => a - b)).toEqual([30, 40, 70]);
  const inbox = sesInbox(process.env.AWS_ENDPOINT_URL_SESV2!);
  const notices = await waitFor(
    async () => {
      const mine = (await inbox.list()).filter((mail) => mail.destination.to.includes(shop.customerEmail));
      return mine.length >= 3 ? mine : undefined;
    },
    { description: 'three expiry notices' },
  );
  expect(notices.map((mail) => mail.subject.split(' ')[0]).sort()).toEqual(['30', '40', '70']);

  // After the twelve months, what is left of each lot expires: 70 + 40 + 30 = 140. Balance 0.
  await runExpiryJob(system.admin.orm, logger, new Date(expiresAt + 31 * day));
  expect(await cardBalance(system, shop.cardId)).toMatchObject({ cached: 0, ledger: 0 });
  expect(await openLots(shop.cardId)).toEqual([]);
  const [expired] = await eventsOfType(shop, 'points.expired');
  expect(expired).toMatchObject({ points: 140 });
});

function counter(shop: StampShop, body: Record<string, unknown>) {
  return call<TransactionView>(system.admin.url, 'POST', `/businesses/${shop.businessId}/transactions`, {
    token: shop.staffToken,
    headers: { prefer: 'wait=10' },
    body: { posTransactionId: `pos-${randomBytes(4).toString('hex')}`, ...body },
  });
}

async function purchase(shop: StampShop, amount: number): Promise<TransactionView> {
  const answer = await counter(shop, { kind: 'purchase', cardId: shop.cardId, storeId: shop.storeId, amount, currency: 'EUR' });
  expect(answer.status).toBe(200);
  return answer.body;
}

async function openLots(cardId: string): Promise<number[]> {
  const rows = await system.admin.orm.em
    .fork()
    .execute<{ remaining: number }[]>(`select remaining from loyalty.lots where card_id = ? and remaining > 0 order by created_at`, [cardId]);
  return rows.map((row) => row.remaining);
}

async function eventsOfType(shop: StampShop, type: string): Promise<{ points: number }[]> {
  const rows = await system.admin.orm.em
    .fork()
    .execute<{ payload: { points: number } }[]>(`select payload from messaging.outbox where event_type = ? and aggregate_id = ?`, [type, shop.cardId]);
  return rows.map((row) => row.payload);
}
