import { z } from 'zod';
import { pageOf, pageQuery } from '@loyalty/platform';
import { businessPlans, pointsRules, programStatuses, stampRules, staffRoles } from '@loyalty/db';
import { businessParams } from './schemas.js';

const id = z.uuid();
const name = z.string().trim().min(1).max(200);
const text = (max: number) => z.string().trim().min(1).max(max);
const timestamp = z.iso.datetime();

const timeZones = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
const regions = new Intl.DisplayNames(['en'], { type: 'region' });
// Intl throws on anything that is not a region code at all, and zod runs this even when the regex already failed.
const isKnownRegion = (code: string) => /^[A-Z]{2}$/.test(code) && code !== 'ZZ' && regions.of(code) !== code;

// Requests

export const businessBody = z.object({ name });
/** Strict: the plan and the id are the platform's, so sending them is an error rather than silently ignored. */
export const businessChanges = z.strictObject({ name: name.optional() });

export const brandContact = z.object({
  email: z.email().optional(),
  phone: z
    .string()
    .regex(/^\+?[0-9 ()./-]{5,30}$/, 'a phone number, e.g. +49 30 1234567')
    .optional(),
  website: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
});

const brandFields = z.object({
  name,
  category: text(100).nullable().optional(),
  logoUrl: z
    .url({ protocol: /^https$/ })
    .max(2000)
    .nullable()
    .optional()
    .meta({ description: 'An https URL' }),
  contact: brandContact.optional(),
});
export const brandBody = brandFields;
export const brandChanges = brandFields.partial();
export const brandParams = businessParams.extend({ brandId: id });

const clock = /^([01]\d|2[0-3]):[0-5]\d$/;
const openingPeriod = z
  .object({
    day: z.number().int().min(0).max(6).meta({ description: '0 is Monday, 6 is Sunday' }),
    opens: z.string().regex(clock, 'HH:MM'),
    closes: z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'HH:MM (24:00 for midnight)'),
  })
  .refine((period) => period.opens < period.closes, { path: ['closes'], message: 'must be after opens; split a period that runs past midnight in two' })
  .meta({ description: 'An opening period in the store’s local time' });

const storeFields = z.object({
  brandId: id,
  name,
  timeZone: z
    .string()
    .refine((zone) => timeZones.has(zone), 'an IANA time zone, e.g. Europe/Berlin')
    .meta({ example: 'Europe/Berlin' }),
  address: z
    .object({
      line1: text(200).optional(),
      line2: text(200).optional(),
      city: text(100).optional(),
      postalCode: text(20).optional(),
      region: text(100).optional(),
      country: z
        .string()
        .regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code, e.g. DE')
        .refine(isKnownRegion, 'an ISO 3166-1 alpha-2 code, e.g. DE')
        .optional(),
    })
    .optional(),
  latitude: z.number().min(-90).max(90).nullable().optional(),
  longitude: z.number().min(-180).max(180).nullable().optional(),
  openingHours: z.array(openingPeriod).max(50).optional(),
});
const hasPosition = (value: number | null | undefined) => value !== null && value !== undefined;
const bothOrNeither = { path: ['latitude'], message: 'latitude and longitude go together: give both or neither' };
export const storeBody = storeFields.refine((store) => hasPosition(store.latitude) === hasPosition(store.longitude), bothOrNeither);
export const storeChanges = storeFields
  .partial()
  .refine(
    (store) => (store.latitude === undefined) === (store.longitude === undefined) && hasPosition(store.latitude) === hasPosition(store.longitude),
    bothOrNeither,
  );
export const storeQuery = pageQuery.extend({ brandId: id.optional() });
export const storeParams = businessParams.extend({ storeId: id });

const storeIds = z.array(id).max(500).nullable().meta({ description: 'The stores this member may act for; null: every store' });
export const staffBody = z.object({
  username: z.email(),
  cognitoSub: text(200).meta({ description: 'The user’s `sub` in the staff pool' }),
  role: z.enum(staffRoles),
  storeIds: storeIds.optional(),
});
export const staffChanges = z.object({ role: z.enum(staffRoles).optional(), storeIds: storeIds.optional() });
export const staffParams = businessParams.extend({ cognitoSub: text(200) });

const stampRulesSchema = stampRules.meta({ id: 'StampRules' });
const pointsRulesSchema = pointsRules.meta({ id: 'PointsRules' });
export const programBody = z.discriminatedUnion('kind', [
  z.object({ brandId: id, name, kind: z.literal('stamp'), rules: stampRulesSchema }),
  z.object({ brandId: id, name, kind: z.literal('points'), rules: pointsRulesSchema }),
]);
export const programChanges = z.object({
  name: name.optional(),
  rules: z
    .record(z.string(), z.unknown())
    .optional()
    .meta({ description: 'StampRules or PointsRules, by the program’s kind; replaces the current rules whole' }),
});
export const programQuery = pageQuery.extend({ brandId: id.optional(), status: z.enum(programStatuses).optional() });
export const programParams = businessParams.extend({ programId: id });

const moment = timestamp.transform((value) => new Date(value));
const rewardFields = z.object({
  name,
  description: z.string().trim().max(2000).optional(),
  cost: z.number().int().min(1).meta({ description: 'In the program’s unit: stamps or points' }),
  validFrom: moment.nullable().optional(),
  validUntil: moment.nullable().optional(),
  stock: z.number().int().min(0).nullable().optional().meta({ description: 'How many are left; null: unlimited' }),
  perCustomerLimit: z.number().int().min(1).nullable().optional().meta({ description: 'Most redemptions per card; null: no limit' }),
});
export const rewardBody = rewardFields;
export const rewardChanges = rewardFields.partial();
export const rewardQuery = pageQuery.extend({ status: z.enum(['active', 'archived']).default('active') });
export const rewardParams = programParams.extend({ rewardId: id });

// Responses

const businessFields = {
  id,
  name: z.string(),
  plan: z.enum(businessPlans).meta({ description: 'Picks the general rate limit; changed by the platform, not through this API' }),
  createdAt: timestamp,
};
export const businessView = z.object(businessFields).meta({ id: 'Business' });

const storeIdsView = z.array(id).nullable().meta({ description: 'The stores this member may act for; null: every store' });
export const myBusinessView = z
  .object({ ...businessFields, role: z.enum(staffRoles).meta({ description: 'The caller’s role there' }), storeIds: storeIdsView })
  .meta({ id: 'MyBusiness' });
export const myBusinessList = z.object({ items: z.array(myBusinessView) }).meta({ id: 'MyBusinessList' });

export const brandView = z
  .object({ id, name: z.string(), category: z.string().nullable(), logoUrl: z.string().nullable(), contact: brandContact, createdAt: timestamp })
  .meta({ id: 'Brand' });

export const storeView = z
  .object({
    id,
    brandId: id,
    name: z.string(),
    timeZone: z.string(),
    address: storeFields.shape.address.unwrap(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    openingHours: z.array(z.object({ day: z.number().int(), opens: z.string(), closes: z.string() })),
    createdAt: timestamp,
  })
  .meta({ id: 'Store' });

export const staffView = z
  .object({
    cognitoSub: z.string(),
    username: z.string(),
    role: z.enum(staffRoles),
    storeIds: z.array(id).nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'StaffMember' });

const programViewFields = { id, brandId: id, name: z.string(), status: z.enum(programStatuses), createdAt: timestamp, updatedAt: timestamp };
export const programView = z
  .discriminatedUnion('kind', [
    z.object({ ...programViewFields, kind: z.literal('stamp'), rules: stampRulesSchema }),
    z.object({ ...programViewFields, kind: z.literal('points'), rules: pointsRulesSchema }),
  ])
  .meta({ id: 'Program' });

export const catalogRewardView = z
  .object({
    id,
    programId: id,
    name: z.string(),
    description: z.string(),
    cost: z.number().int(),
    validFrom: timestamp.nullable(),
    validUntil: timestamp.nullable(),
    stock: z.number().int().nullable(),
    perCustomerLimit: z.number().int().nullable(),
    status: z.enum(['active', 'archived']),
    createdAt: timestamp,
  })
  .meta({ id: 'CatalogReward' });

export const brandPage = pageOf(brandView).meta({ id: 'BrandPage' });
export const storePage = pageOf(storeView).meta({ id: 'StorePage' });
export const staffPage = pageOf(staffView).meta({ id: 'StaffPage' });
export const programPage = pageOf(programView).meta({ id: 'ProgramPage' });
export const catalogRewardPage = pageOf(catalogRewardView).meta({ id: 'CatalogRewardPage' });
