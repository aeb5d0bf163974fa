import { AppError } from '@loyalty/platform';
import { StaffMember, type EntityManager } from '@loyalty/db';
import type { Principal } from '@loyalty/identity';
import { roleAllows, type Permission } from '../domain/roles.js';

/**
 * Every staff request is scoped to one business: the caller must be a member with a role that the
 * action allows. Someone else's business answers 404, not 403, so ids of other tenants leak nothing.
 */
export async function requireStaff(em: EntityManager, principal: Principal, businessId: string, permission: Permission): Promise<StaffMember> {
  const member = await em.findOne(StaffMember, { businessId, cognitoSub: principal.sub });
  if (!member) throw AppError.notFound('Business');
  if (!roleAllows(member.role, permission)) {
    throw AppError.forbidden(`Your role (${member.role}) cannot ${permission.replace(/([A-Z])/g, ' $1').toLowerCase()}`);
  }
  return member;
}

/** Staff limited to some stores (`storeIds` not null) may act only for those. */
export function requireStoreAccess(member: Pick<StaffMember, 'storeIds'>, storeId: string): void {
  if (member.storeIds && !member.storeIds.includes(storeId)) {
    throw new AppError({ code: 'STORE_NOT_ALLOWED', status: 403, detail: 'You are not assigned to this store' });
  }
}
