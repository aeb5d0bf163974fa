import { randomUUID } from 'node:crypto';
import { AppError } from '@loyalty/platform';
import { Business, StaffMember, type EntityManager, type StaffRole } from '@loyalty/db';
import type { Principal } from '@loyalty/identity';
import type { Quota } from '@loyalty/runtime/api';
import { requireStaff } from '../data-access/staff-access.js';
import { commitStaffAction, recordStaffAction } from '../data-access/staff-actions.js';

export interface BusinessInput {
  name: string;
}

/** A business the caller works for, with what the caller may do there. */
export interface Membership {
  business: Business;
  role: StaffRole;
  storeIds: string[] | null;
}

/**
 * Any signed-in staff user founds a business and becomes its owner: ownership is the staff member row,
 * which is what authorization reads, so no one assigns a Cognito group by hand. The founding quota
 * (per user and window) keeps one account from creating tenants in bulk.
 */
export async function createBusiness(em: EntityManager, principal: Principal, foundingQuota: Quota, input: BusinessInput): Promise<Business> {
  await foundingQuota.take(principal.sub);
  return em.transactional(async (tx) => {
    const business = tx.create(Business, { id: randomUUID(), name: input.name });
    // Entities here carry plain foreign-key columns, not relations, so the unit of work cannot order the inserts.
    await tx.flush();
    tx.create(StaffMember, { businessId: business.id, cognitoSub: principal.sub, username: principal.username, role: 'owner', storeIds: null });
    await recordStaffAction(tx, principal, business.id, 'business.founded', { type: 'business', id: business.id }, { name: business.name });
    return business;
  });
}

export async function getBusiness(em: EntityManager, principal: Principal, businessId: string): Promise<Business> {
  await requireStaff(em, principal, businessId, 'readConfiguration');
  return findBusiness(em, businessId);
}

export async function updateBusiness(em: EntityManager, principal: Principal, businessId: string, changes: Partial<BusinessInput>): Promise<Business> {
  await requireStaff(em, principal, businessId, 'configureBusiness');
  const business = await findBusiness(em, businessId);
  em.assign(business, changes);
  await commitStaffAction(em, principal, businessId, 'business.updated', { type: 'business', id: businessId }, { changed: Object.keys(changes) });
  return business;
}

/** Every business the caller is a member of, by name: what the staff app offers to pick after sign-in. */
export async function listMyBusinesses(em: EntityManager, principal: Principal): Promise<Membership[]> {
  const members = await em.find(StaffMember, { cognitoSub: principal.sub });
  if (members.length === 0) return [];
  const businesses = await em.find(Business, { id: { $in: members.map((member) => member.businessId) } }, { orderBy: { name: 'asc', id: 'asc' } });
  const memberOf = new Map(members.map((member) => [member.businessId, member]));
  return businesses.flatMap((business) => {
    const member = memberOf.get(business.id);
    return member ? [{ business, role: member.role, storeIds: member.storeIds ?? null }] : [];
  });
}

async function findBusiness(em: EntityManager, businessId: string): Promise<Business> {
  const business = await em.findOne(Business, { id: businessId });
  if (!business) throw AppError.notFound('Business');
  return business;
}
