import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { businessPlans, staffRoles } from './vocabulary.js';

export const Business = defineEntity({
  name: 'Business',
  schema: 'business',
  tableName: 'businesses',
  properties: {
    id: p.uuid().primary(),
    name: p.text(),
    plan: p.enum(businessPlans).default('standard'),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Business = InferEntity<typeof Business>;

export const StaffMember = defineEntity({
  name: 'StaffMember',
  schema: 'business',
  tableName: 'staff_members',
  properties: {
    businessId: p.uuid().primary(),
    cognitoSub: p.text().primary(),
    username: p.text(),
    role: p.enum(staffRoles),
    /** The stores this member may act for; null: every store of the business. */
    storeIds: p.array<string>().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type StaffMember = InferEntity<typeof StaffMember>;

export interface BrandContact {
  email?: string;
  phone?: string;
  website?: string;
}

export const Brand = defineEntity({
  name: 'Brand',
  schema: 'business',
  tableName: 'brands',
  properties: {
    id: p.uuid().primary(),
    businessId: p.uuid(),
    name: p.text(),
    category: p.text().nullable(),
    logoUrl: p.text().nullable(),
    contact: p.json<BrandContact>(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Brand = InferEntity<typeof Brand>;

export interface StoreAddress {
  line1?: string;
  line2?: string;
  city?: string;
  postalCode?: string;
  region?: string;
  country?: string;
}

/** One entry per opening period; day 0 is Monday. Times are local to the store, "HH:MM". */
export interface OpeningPeriod {
  day: number;
  opens: string;
  closes: string;
}

export const Store = defineEntity({
  name: 'Store',
  schema: 'business',
  tableName: 'stores',
  properties: {
    id: p.uuid().primary(),
    businessId: p.uuid(),
    brandId: p.uuid(),
    name: p.text(),
    timeZone: p.text(),
    address: p.json<StoreAddress>(),
    latitude: p.double().nullable(),
    longitude: p.double().nullable(),
    openingHours: p.json<OpeningPeriod[]>(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Store = InferEntity<typeof Store>;
