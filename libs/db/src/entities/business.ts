import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const Business = defineEntity({
  name: 'Business',
  schema: 'business',
  tableName: 'businesses',
  properties: {
    id: p.uuid().primary(),
    name: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Business = InferEntity<typeof Business>;

export const staffRoles = ['owner', 'admin', 'manager', 'cashier'] as const;
export type StaffRole = (typeof staffRoles)[number];

export const StaffMember = defineEntity({
  name: 'StaffMember',
  schema: 'business',
  tableName: 'staff_members',
  properties: {
    businessId: p.uuid().primary(),
    cognitoSub: p.text().primary(),
    username: p.text(),
    role: p.enum(staffRoles),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type StaffMember = InferEntity<typeof StaffMember>;

export const Brand = defineEntity({
  name: 'Brand',
  schema: 'business',
  tableName: 'brands',
  properties: {
    id: p.uuid().primary(),
    businessId: p.uuid(),
    name: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Brand = InferEntity<typeof Brand>;

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
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Store = InferEntity<typeof Store>;
