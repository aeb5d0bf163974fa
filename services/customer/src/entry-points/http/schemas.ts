import { z } from 'zod';
import { pageQuery } from '@loyalty/platform';
import { exportStatuses } from '@loyalty/db';

const timestamp = z.iso.datetime({ offset: true });

export const cardParams = z.object({ cardId: z.uuid() });
export const brandParams = z.object({ brandId: z.uuid() });

export const profileView = z
  .object({
    id: z.uuid(),
    email: z.string().nullable(),
    displayName: z.string(),
    phone: z.string().nullable(),
    locale: z.string().nullable(),
    createdAt: timestamp,
  })
  .meta({ id: 'Profile' });

const bcp47 = z
  .string()
  .max(35)
  .transform((tag, ctx) => {
    try {
      return Intl.getCanonicalLocales(tag)[0]!;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'a BCP 47 language tag, e.g. de-DE' });
      return z.NEVER;
    }
  });

export const profileChanges = z.strictObject({
  displayName: z.string().trim().min(1).max(100).optional(),
  phone: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number, e.g. +4915112345678')
    .nullable()
    .optional(),
  locale: bcp47.nullable().optional(),
});

const consent = z.object({ granted: z.boolean(), at: timestamp }).nullable();
export const consentsView = z.object({ email: consent, sms: consent, push: consent, marketing: consent }).meta({ id: 'Consents' });
export const consentChoices = z.strictObject({
  email: z.boolean().optional(),
  sms: z.boolean().optional(),
  push: z.boolean().optional(),
  marketing: z.boolean().optional(),
});

export const nearQuery = pageQuery.extend({
  near: z
    .string()
    .regex(/^-?\d{1,3}(\.\d+)?,-?\d{1,3}(\.\d+)?$/, 'latitude,longitude in decimal degrees, e.g. 52.52,13.405')
    .transform((value) => {
      const [latitude, longitude] = value.split(',').map(Number) as [number, number];
      return { latitude, longitude };
    })
    .refine(({ latitude, longitude }) => Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180, 'latitude within ±90, longitude within ±180'),
  radiusKm: z.coerce.number().positive().max(100).default(10),
});

const tierView = z.object({ name: z.string(), minPointsEarned: z.number().int(), multiplier: z.number() });
export const rulesView = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('stamp'), stampsRequired: z.number().int(), rewardDescription: z.string() }),
  z.object({ kind: z.literal('points'), pointsPerUnit: z.number(), currency: z.string(), tiers: z.array(tierView) }),
]);

export const catalogRewardView = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    cost: z.number().int(),
    validFrom: timestamp.nullable(),
    validUntil: timestamp.nullable(),
    outOfStock: z.boolean(),
  })
  .meta({ id: 'CatalogReward' });

export const programView = z
  .object({
    id: z.uuid(),
    brandId: z.uuid(),
    name: z.string(),
    kind: z.enum(['stamp', 'points']),
    rules: rulesView,
    rewards: z.array(catalogRewardView),
    nearestStore: z
      .object({
        id: z.uuid(),
        name: z.string(),
        address: z.record(z.string(), z.string()),
        latitude: z.number(),
        longitude: z.number(),
        distanceKm: z.number(),
      })
      .nullable(),
  })
  .meta({ id: 'Program' });

export const rewardView = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('unlocked'), rewardId: z.uuid(), cardId: z.uuid(), programId: z.uuid(), description: z.string(), unlockedAt: timestamp }),
    z.object({
      type: z.literal('catalog'),
      catalogRewardId: z.uuid(),
      cardId: z.uuid(),
      programId: z.uuid(),
      name: z.string(),
      description: z.string(),
      cost: z.number().int(),
      validUntil: timestamp.nullable(),
    }),
  ])
  .meta({ id: 'AvailableReward' });

const progressView = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('stamp'), stamps: z.number().int(), stampsRequired: z.number().int(), stampsMissing: z.number().int() }),
  z.object({
    kind: z.literal('points'),
    points: z.number().int(),
    nextReward: z.object({ catalogRewardId: z.uuid(), name: z.string(), cost: z.number().int() }).nullable(),
    pointsMissing: z.number().int().nullable(),
  }),
]);

export const cardView = z
  .object({
    id: z.uuid(),
    cardNumber: z.string(),
    program: z.object({ id: z.uuid(), name: z.string(), kind: z.enum(['stamp', 'points']), status: z.string() }),
    balance: z.number().int(),
    status: z.enum(['active', 'suspended', 'closed']),
    tier: z.string().nullable(),
    progress: progressView,
    expiringSoon: z.object({ amount: z.number().int(), earliestExpiry: timestamp, withinDays: z.number().int() }).nullable(),
    completedCards: z.number().int(),
    availableRewards: z.array(rewardView),
    createdAt: timestamp,
  })
  .meta({ id: 'Card' });

export const historyItemView = z
  .object({
    id: z.uuid(),
    kind: z.string(),
    status: z.enum(['pending', 'applied', 'rejected']),
    delta: z.number().int().nullable(),
    balanceAfter: z.number().int().nullable(),
    rejectionCode: z.string().nullable(),
    amount: z.number().int().nullable(),
    currency: z.string().nullable(),
    store: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    createdAt: timestamp,
  })
  .meta({ id: 'CardTransaction' });

export const qrView = z.object({ payload: z.string(), expiresAt: timestamp }).meta({ id: 'CardQr' });

export const redemptionTarget = z.union([z.strictObject({ rewardId: z.uuid() }), z.strictObject({ catalogRewardId: z.uuid() })]);
export const redemptionCodeView = z.object({ code: z.string(), expiresAt: timestamp }).meta({ id: 'RedemptionCode' });

export const myExportParams = z.object({ exportId: z.uuid() });

export const myExportView = z
  .object({
    id: z.uuid(),
    kind: z.literal('personal-data'),
    format: z
      .literal('jsonl')
      .meta({ description: 'JSON Lines, gzipped: one record per line, `{"record": "profile"|"card"|"transaction"|"ledgerEntry"|"reward"|"lot", ...}`' }),
    status: z.enum(exportStatuses),
    rows: z.number().int().meta({ description: 'Records written so far while running; all of them once ready' }),
    bytes: z.number().int().nullable().meta({ description: 'Size of the gzipped file, once ready' }),
    downloadUrl: z.url().nullable().meta({ description: 'A presigned S3 GET of the gzipped file, made for this answer; null until ready' }),
    expiresAt: timestamp.nullable().meta({ description: 'When `downloadUrl` stops working; ask again for a fresh one' }),
    error: z.string().nullable().meta({ description: 'Why the last attempt failed (it is retried unless status is failed)' }),
    createdAt: timestamp,
    completedAt: timestamp.nullable(),
  })
  .meta({ id: 'MyExport' });
