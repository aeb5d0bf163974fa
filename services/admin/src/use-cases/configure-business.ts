import { randomUUID } from 'node:crypto';
import { AppError } from '@loyalty/platform';
import { Brand, Business, StaffMember, Store, type EntityManager } from '@loyalty/db';
import type { Principal } from '@loyalty/identity';
import { requireStaff } from '../data-access/staff-access.js';

/** A staff user in the pool's owner group founds a business and becomes its owner. */
export async function createBusiness(em: EntityManager, principal: Principal, input: { name: string }): Promise<Business> {
  if (!principal.groups.includes('owner')) throw AppError.forbidden('Only business owners can create a business');
  return em.transactional(async (tx) => {
    const business = tx.create(Business, { id: randomUUID(), name: input.name });
    // Entities here carry plain foreign-key columns, not relations, so the unit of work cannot order the inserts.
    await tx.flush();
    tx.create(StaffMember, { businessId: business.id, cognitoSub: principal.sub, username: principal.username, role: 'owner' });
    return business;
  });
}

export async function createBrand(em: EntityManager, principal: Principal, businessId: string, input: { name: string }): Promise<Brand> {
  await requireStaff(em, principal, businessId, 'configureBusiness');
  const brand = em.create(Brand, { id: randomUUID(), businessId, name: input.name });
  await em.flush();
  return brand;
}

export async function createStore(em: EntityManager, principal: Principal, businessId: string, input: { brandId: string; name: string; timeZone: string }): Promise<Store> {
  await requireStaff(em, principal, businessId, 'configureBusiness');
  const brand = await em.findOne(Brand, { id: input.brandId, businessId });
  if (!brand) throw AppError.notFound('Brand');
  const store = em.create(Store, { id: randomUUID(), businessId, brandId: brand.id, name: input.name, timeZone: input.timeZone });
  await em.flush();
  return store;
}
