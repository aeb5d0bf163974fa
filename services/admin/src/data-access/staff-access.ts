import { AppError } from '@loyalty/platform';
import { StaffMember, type EntityManager } from '@loyalty/db';
import type { Principal } from '@loyalty/identity';
import { roleAllows, type Permission } from '../domain/roles.js';

/** A POS terminal authenticated by its store's API key, standing where a staff principal would. */
export interface ApiKeyPrincipal extends Principal {
  apiKey: { id: string; businessId: string; storeId: string };
}

export function isApiKeyPrincipal(principal: Principal): principal is ApiKeyPrincipal {
  return 'apiKey' in principal;
}

/** Who acts and where they may act: a staff member's record, or what an API key stands for. */
export type ActingMember = Pick<StaffMember, 'businessId' | 'cognitoSub' | 'role' | 'storeIds'>;

const apiKeyPermissions: readonly Permission[] = ['recordTransactions', 'readTransactions'];

/**
 * Every staff request is scoped to one business: the caller must be a member with a role that the
 * action allows. Someone else's business answers 404, not 403, so ids of other tenants leak nothing.
 */
export async function requireStaff(em: EntityManager, principal: Principal, businessId: string, permission: Permission): Promise<ActingMember> {
  if (isApiKeyPrincipal(principal)) return requireApiKey(principal, businessId, permission);
  const member = await em.findOne(StaffMember, { businessId, cognitoSub: principal.sub });
  return actingMember(principal, businessId, permission, member);
}

/** The same decision as requireStaff, on a staff record the caller has already read (null: none). */
export function actingMember(
  principal: Principal,
  businessId: string,
  permission: Permission,
  member: Pick<StaffMember, 'role' | 'storeIds'> | null,
): ActingMember {
  if (isApiKeyPrincipal(principal)) return requireApiKey(principal, businessId, permission);
  if (!member) throw AppError.notFound('Business');
  if (!roleAllows(member.role, permission)) {
    throw AppError.forbidden(`Your role (${member.role}) cannot ${permission.replace(/([A-Z])/g, ' $1').toLowerCase()}`);
  }
  return { businessId, cognitoSub: principal.sub, role: member.role, storeIds: member.storeIds };
}

/** An API key acts like a cashier limited to its one store. */
function requireApiKey(principal: ApiKeyPrincipal, businessId: string, permission: Permission): ActingMember {
  const { apiKey } = principal;
  if (apiKey.businessId !== businessId) throw AppError.notFound('Business');
  if (!apiKeyPermissions.includes(permission)) throw apiKeyNotAllowed();
  return { businessId, cognitoSub: principal.sub, role: 'cashier', storeIds: [apiKey.storeId] };
}

export function apiKeyNotAllowed(): AppError {
  return new AppError({ code: 'API_KEY_NOT_ALLOWED', status: 403, detail: 'An API key may only record transactions and read them back' });
}

/** Staff limited to some stores (`storeIds` not null) may act only for those. */
export function requireStoreAccess(member: Pick<StaffMember, 'storeIds'>, storeId: string): void {
  if (member.storeIds && !member.storeIds.includes(storeId)) {
    throw new AppError({ code: 'STORE_NOT_ALLOWED', status: 403, detail: 'You are not assigned to this store' });
  }
}

/** A store-limited caller sees only its stores' transactions; others' answer 404 like unknown ids. */
export function requireTransactionVisible(member: Pick<StaffMember, 'storeIds'>, storeId: string | null | undefined): void {
  if (member.storeIds && (!storeId || !member.storeIds.includes(storeId))) throw AppError.notFound('Transaction');
}
