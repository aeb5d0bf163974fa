import { z } from 'zod';

/** Money is always an integer count of the currency's minor unit (cents). */
export const minorUnits = z.number().int().min(0);

export const stampRules = z.object({
  stampsPerVisit: z.number().int().min(1).max(10).default(1),
  stampsRequired: z.number().int().min(1).max(100),
  rewardDescription: z.string().trim().min(1).max(500),
  /** Most stamps one card may collect per day, in the store's time zone; null for no limit. */
  dailyStampLimit: z.number().int().min(1).nullable().default(null),
  /** A purchase below this earns no stamp; visits are not affected. */
  minimumAmount: minorUnits.default(0),
  /** Stamps expire this many days after they were earned; null: never. */
  stampValidityDays: z.number().int().min(1).nullable().default(null),
});
export type StampRules = z.infer<typeof stampRules>;

export const pointsExpiry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('never') }),
  z.object({ type: z.literal('after'), amount: z.number().int().min(1), unit: z.enum(['days', 'months', 'years']) }),
  z.object({ type: z.literal('endOf'), unit: z.enum(['month', 'year']) }),
]);
export type PointsExpiry = z.infer<typeof pointsExpiry>;

export const tier = z.object({
  name: z.string().trim().min(1).max(50),
  /** Points earned (never the balance) within the rolling window that reach this tier. */
  minPointsEarned: z.number().int().min(1),
  /** Earn multiplier while in this tier, e.g. 1.5. */
  multiplier: z.number().min(1).max(10),
});
export type Tier = z.infer<typeof tier>;

export const pointsRules = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code, e.g. EUR'),
  /** Points per whole currency unit (100 minor units). */
  pointsPerUnit: z.number().positive().max(1000),
  rounding: z.enum(['down', 'nearest', 'up']).default('down'),
  minimumAmount: minorUnits.default(0),
  enrolmentBonus: z.number().int().min(0).default(0),
  expiry: pointsExpiry.default({ type: 'never' }),
  /** How many days before expiry `points.expiring` goes out, once per lot. */
  expiringNoticeDays: z.number().int().min(1).max(90).default(14),
  tiers: z
    .array(tier)
    .default([])
    .refine((tiers) => tiers.every((t, i) => i === 0 || t.minPointsEarned > tiers[i - 1]!.minPointsEarned), 'tiers must be in ascending minPointsEarned'),
  tierWindowDays: z.number().int().min(1).max(3650).default(365),
});
export type PointsRules = z.infer<typeof pointsRules>;

export type ProgramRules = StampRules | PointsRules;
