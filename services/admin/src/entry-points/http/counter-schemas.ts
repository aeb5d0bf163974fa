import { z } from 'zod';
import { pageQuery } from '@loyalty/platform';
import type { TransactionRequest } from '../../domain/transaction-request.js';
import { businessParams } from './schemas.js';

const id = z.uuid();
const minorUnits = z.number().int().min(0).max(100_000_000_00);
const posTransactionId = z.string().trim().min(1).max(100).meta({ description: 'The POS system’s own id: the idempotency key, unique per business' });

const visit = z.object({ kind: z.literal('visit'), posTransactionId, cardId: id, storeId: id });

const purchaseLine = z.object({
  description: z.string().trim().min(1).max(200),
  amount: minorUnits.meta({ description: 'Line total in minor units' }),
  quantity: z.number().int().min(1).max(10_000).default(1),
  giftCard: z.boolean().default(false).meta({ description: 'Gift cards earn nothing' }),
});

const purchase = z
  .object({
    kind: z.literal('purchase'),
    posTransactionId,
    cardId: id,
    storeId: id,
    amount: minorUnits.meta({ description: 'Total in minor units (cents)' }),
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code, e.g. EUR'),
    lines: z.array(purchaseLine).min(1).max(200).optional(),
    paidWithPoints: minorUnits.default(0).meta({ description: 'The part of the amount paid with points, in minor units: it earns nothing' }),
  })
  .refine((p) => p.paidWithPoints <= p.amount, { message: 'cannot exceed the amount', path: ['paidWithPoints'] })
  .refine((p) => p.lines === undefined || p.lines.reduce((sum, line) => sum + line.amount, 0) === p.amount, {
    message: 'the lines must add up to the amount',
    path: ['lines'],
  });

const redemption = z
  .object({
    kind: z.literal('redemption'),
    posTransactionId,
    cardId: id,
    storeId: id,
    catalogRewardId: id.optional(),
    rewardId: id.optional().meta({ description: 'An unlocked stamp reward of this card' }),
    code: z
      .string()
      .trim()
      .regex(/^\d{4}-?\d{4}$/, 'the 8-digit code the customer shows, e.g. 1234-5678')
      .optional(),
  })
  .refine((r) => [r.catalogRewardId, r.rewardId, r.code].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of catalogRewardId, rewardId, code',
    path: ['catalogRewardId'],
  });

const voidBody = z.object({ kind: z.literal('void'), posTransactionId, reversesTransactionId: id, storeId: id.optional() });

const refund = z.object({
  kind: z.literal('refund'),
  posTransactionId,
  reversesTransactionId: id,
  refundAmount: minorUnits.min(1),
  storeId: id.optional(),
});

const adjustment = z.object({
  kind: z.literal('adjustment'),
  posTransactionId,
  cardId: id,
  points: z
    .number()
    .int()
    .min(-1_000_000)
    .max(1_000_000)
    .refine((points) => points !== 0, 'must not be 0')
    .meta({ description: 'Signed: + credits a new lot, − spends oldest first' }),
  reason: z.string().trim().min(1).max(500),
});

export const transactionBody = z.discriminatedUnion('kind', [
  visit,
  purchase,
  redemption,
  voidBody,
  refund,
  adjustment,
]) satisfies z.ZodType<TransactionRequest>;

export const transactionParams = businessParams.extend({ transactionId: id });
export const cardParams = businessParams.extend({ cardId: id });
export const preferHeader = z.object({
  prefer: z.string().optional().meta({ description: 'RFC 7240 `wait=N`: answer once the transaction is settled, waiting at most N seconds' }),
});
export const historyQuery = pageQuery;
export const lookupQuery = z
  .object({
    number: z.string().trim().min(1).max(40).optional().meta({ description: 'The printed card number' }),
    qr: z.string().trim().min(1).max(300).optional().meta({ description: 'The QR payload the customer app shows' }),
  })
  .refine((q) => (q.number === undefined) !== (q.qr === undefined), { message: 'give exactly one of number, qr', path: ['number'] });

const transactionResult = z
  .object({
    delta: z.number().int(),
    balanceAfter: z.number().int(),
    earned: z.number().int().optional(),
    spent: z.number().int().optional(),
    rewardsUnlocked: z.number().int().optional(),
    stampsRequired: z.number().int().optional(),
    tier: z.string().nullable().optional(),
    unrecovered: z.number().int().optional(),
    note: z.string().optional(),
  })
  .catchall(z.unknown())
  .meta({ id: 'TransactionResult' });

export const transactionView = z
  .object({
    id,
    kind: z.enum(['visit', 'purchase', 'redemption', 'void', 'refund', 'adjustment', 'bonus']),
    status: z.enum(['pending', 'applied', 'rejected']),
    cardId: id,
    storeId: id.nullable(),
    posTransactionId: z.string(),
    amount: z.number().int().nullable(),
    currency: z.string().nullable(),
    reversesTransactionId: id.nullable(),
    details: z.record(z.string(), z.unknown()),
    createdAt: z.iso.datetime(),
    appliedAt: z.iso.datetime().nullable(),
    result: transactionResult.nullable(),
    rejection: z.object({ code: z.string(), detail: z.string() }).nullable(),
    links: z.object({ self: z.string(), card: z.string(), reverses: z.string().optional() }),
  })
  .meta({ id: 'Transaction' });

export const transactionPage = z.object({ items: z.array(transactionView), nextCursor: z.string().nullable() }).meta({ id: 'TransactionPage' });

const availableReward = z.object({
  type: z.enum(['stamp', 'catalog']),
  rewardId: id.nullable().meta({ description: 'For unlocked stamp rewards: redeem with rewardId' }),
  catalogRewardId: id.nullable().meta({ description: 'For catalog rewards: redeem with catalogRewardId' }),
  name: z.string(),
  description: z.string(),
  cost: z.number().int(),
});

export const cardLookupView = z
  .object({
    card: z.object({
      id,
      number: z.string(),
      status: z.enum(['active', 'suspended', 'closed']),
      balance: z.number().int(),
      tier: z.string().nullable(),
      program: z.object({
        id,
        name: z.string(),
        kind: z.enum(['stamp', 'points']),
        status: z.enum(['draft', 'active', 'paused', 'ended']),
        unit: z.enum(['stamps', 'points']),
        stampsRequired: z.number().int().nullable(),
        currency: z.string().nullable(),
      }),
    }),
    customer: z.object({ displayName: z.string() }),
    availableRewards: z.array(availableReward),
    links: z.object({ transactions: z.string() }),
  })
  .meta({ id: 'CardLookup' });

/** RFC 7240 `Prefer: wait=N`, capped by configuration. */
export function preferredWaitSeconds(prefer: string, maxSeconds: number): number {
  const match = /(?:^|[,;\s])wait\s*=\s*"?(\d+)"?/i.exec(prefer);
  return match ? Math.min(Number(match[1]), maxSeconds) : 0;
}
