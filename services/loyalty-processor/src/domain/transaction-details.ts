import { minorUnits } from '@loyalty/db/model';
import { z } from 'zod';
import { reject } from './rejection.js';

/** `details` of each transaction kind, as the APIs write them. */
export const purchaseDetails = z.object({
  lines: z.array(z.object({ amount: minorUnits, giftCard: z.boolean().default(false) })).optional(),
  /** The part of the amount paid with points, minor units. */
  paidWithPoints: minorUnits.default(0),
});
export type PurchaseDetails = z.infer<typeof purchaseDetails>;

export const redemptionDetails = z.union([z.object({ catalogRewardId: z.uuid() }), z.object({ rewardId: z.uuid() })]);
export type RedemptionDetails = z.infer<typeof redemptionDetails>;

export const refundDetails = z.object({ refundAmount: z.number().int().positive() });

export const adjustmentDetails = z.object({
  points: z
    .number()
    .int()
    .refine((points) => points !== 0, 'must not be 0'),
  reason: z.string().trim().min(1),
});

export const bonusDetails = z.object({ points: z.number().int().positive(), reason: z.string().default('bonus') });

export function parseDetails<T extends z.ZodType>(schema: T, details: unknown): z.infer<T> {
  const parsed = schema.safeParse(details);
  if (!parsed.success) reject('INVALID_DETAILS', parsed.error.issues.map((issue) => `${issue.path.join('.') || 'details'}: ${issue.message}`).join('; '));
  return parsed.data;
}
