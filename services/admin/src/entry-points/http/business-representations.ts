import type { z } from 'zod';
import type { Brand, Business, CatalogReward, Program, StaffMember, Store } from '@loyalty/db';
import type { Page } from '@loyalty/platform';
import type { Membership } from '../../use-cases/businesses.js';
import type { brandView, businessView, catalogRewardView, myBusinessView, programView, staffView, storeView } from './business-schemas.js';

export function toBusinessView(business: Business): z.infer<typeof businessView> {
  return { id: business.id, name: business.name, plan: business.plan, createdAt: business.createdAt.toISOString() };
}

export function toMyBusinessView(membership: Membership): z.infer<typeof myBusinessView> {
  return { ...toBusinessView(membership.business), role: membership.role, storeIds: membership.storeIds };
}

export function toBrandView(brand: Brand): z.infer<typeof brandView> {
  return {
    id: brand.id,
    name: brand.name,
    category: brand.category ?? null,
    logoUrl: brand.logoUrl ?? null,
    contact: brand.contact,
    createdAt: brand.createdAt.toISOString(),
  };
}

export function toStoreView(store: Store): z.infer<typeof storeView> {
  return {
    id: store.id,
    brandId: store.brandId,
    name: store.name,
    timeZone: store.timeZone,
    address: store.address,
    latitude: coordinate(store.latitude),
    longitude: coordinate(store.longitude),
    openingHours: store.openingHours,
    createdAt: store.createdAt.toISOString(),
  };
}

function coordinate(value: string | number | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

export function toStaffView(member: StaffMember): z.infer<typeof staffView> {
  return {
    cognitoSub: member.cognitoSub,
    username: member.username,
    role: member.role,
    storeIds: member.storeIds ?? null,
    createdAt: member.createdAt.toISOString(),
    updatedAt: member.updatedAt.toISOString(),
  };
}

export function toProgramView(program: Program): z.infer<typeof programView> {
  return {
    id: program.id,
    brandId: program.brandId,
    name: program.name,
    kind: program.kind,
    status: program.status,
    rules: program.rules,
    createdAt: program.createdAt.toISOString(),
    updatedAt: program.updatedAt.toISOString(),
  } as z.infer<typeof programView>;
}

export function toCatalogRewardView(reward: CatalogReward): z.infer<typeof catalogRewardView> {
  return {
    id: reward.id,
    programId: reward.programId,
    name: reward.name,
    description: reward.description,
    cost: reward.cost,
    validFrom: reward.validFrom?.toISOString() ?? null,
    validUntil: reward.validUntil?.toISOString() ?? null,
    stock: reward.stock ?? null,
    perCustomerLimit: reward.perCustomerLimit ?? null,
    status: reward.status,
    createdAt: reward.createdAt.toISOString(),
  };
}

export function toPageView<T, V>(page: Page<T>, view: (item: T) => V): { items: V[]; nextCursor: string | null } {
  return { items: page.items.map(view), nextCursor: page.nextCursor };
}
