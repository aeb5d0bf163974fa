import { randomUUID } from 'node:crypto';
import { AppError } from '@loyalty/platform';
import { Business, StaffMember, type EntityManager } from '@loyalty/db';
import type { Principal } from '@loyalty/identity';

/** A staff user in the pool's owner group founds a business and becomes its owner. */
export async function createBusiness(em: EntityManager, principal: Principal, input: { name: string }): Promise<Business> {
  if (!principal.groups.includes('owner')) throw AppError.forbidden('Only business owners can create a business');
  return em.transactional(async (tx) => {
    const business = tx.create(Business, { id: randomUUID(), name: input.name });
    // Entities here carry plain foreign-key columns, not relations, so the unit of work cannot order the inserts.
    await tx.flush();
    tx.create(StaffMember, { businessId: business.id, cognitoSub: principal.sub, username: principal.username, role: 'owner', storeIds: null });
    return business;
  });
}
