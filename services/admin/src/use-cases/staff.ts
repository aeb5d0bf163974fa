import { AppError, type Page } from '@loyalty/platform';
import { StaffMember, Store, type EntityManager, type StaffRole } from '@loyalty/db';
import type { Principal } from '@loyalty/identity';
import { creationOrder, creationPage, type PageRequest } from '../data-access/creation-order.js';
import { lockBusiness } from '../data-access/row-locks.js';
import { recordSecurityEvent, type RequestOrigin } from '@loyalty/outbox';
import type { StaffIdentity } from '../data-access/staff-identity.js';
import { requireStaff } from '../data-access/staff-access.js';
import { assertKeepsAnOwner, assertMayManage } from '../domain/staff-rules.js';
import { commitStaffAction, recordStaffAction } from '../data-access/staff-actions.js';

export interface StaffInput {
  username: string;
  cognitoSub: string;
  role: StaffRole;
  storeIds?: string[] | null | undefined;
}

export interface StaffChanges {
  role?: StaffRole | undefined;
  storeIds?: string[] | null | undefined;
}

export async function addStaffMember(em: EntityManager, principal: Principal, businessId: string, input: StaffInput): Promise<StaffMember> {
  const actor = await requireStaff(em, principal, businessId, 'manageStaff');
  assertMayManage(actor.role, { newRole: input.role });
  if (await em.findOne(StaffMember, { businessId, cognitoSub: input.cognitoSub })) {
    throw AppError.conflict('STAFF_MEMBER_EXISTS', 'This user is already a staff member of the business');
  }
  const storeIds = await ownStores(em, businessId, input.storeIds ?? null);
  const member = em.create(StaffMember, { businessId, cognitoSub: input.cognitoSub, username: input.username, role: input.role, storeIds });
  await commitStaffAction(em, principal, businessId, 'staff.added', { type: 'staff_member', id: member.cognitoSub }, { role: member.role, storeIds });
  return member;
}

export async function listStaff(em: EntityManager, principal: Principal, businessId: string, page: PageRequest): Promise<Page<StaffMember>> {
  await requireStaff(em, principal, businessId, 'manageStaff');
  const { where, orderBy } = creationOrder('cognitoSub', page.cursor);
  const rows = await em.find(StaffMember, { businessId, ...where }, { orderBy, limit: page.limit + 1 });
  return creationPage(rows, page.limit, (member) => member.cognitoSub);
}

/** Where a role change must be mirrored (the Cognito group) and recorded (the audit trail). */
export interface RoleSync {
  identity: StaffIdentity;
  origin: RequestOrigin;
}

/** A new role also moves the user to that Cognito group, last inside the transaction: if Cognito refuses, nothing changed. */
export async function changeStaffMember(
  em: EntityManager,
  principal: Principal,
  businessId: string,
  cognitoSub: string,
  changes: StaffChanges,
  sync: RoleSync,
): Promise<StaffMember> {
  const actor = await requireStaff(em, principal, businessId, 'manageStaff');
  return em.transactional(async (tx) => {
    const member = await findForOwnerChange(tx, businessId, cognitoSub);
    const newRole = changes.role ?? member.role;
    assertMayManage(actor.role, { currentRole: member.role, newRole });
    assertKeepsAnOwner(await countOwners(tx, businessId), { currentRole: member.role, newRole });
    const previousRole = member.role;
    member.role = newRole;
    if (changes.storeIds !== undefined) member.storeIds = await ownStores(tx, businessId, changes.storeIds);
    await recordStaffAction(tx, principal, businessId, 'staff.updated', { type: 'staff_member', id: cognitoSub }, { role: newRole, storeIds: member.storeIds });
    if (previousRole !== newRole) {
      const actor = { type: 'staff' as const, id: principal.sub, username: principal.username };
      await recordSecurityEvent(
        tx,
        businessId,
        { action: 'role.changed', actor, subject: { type: 'staff_user', id: cognitoSub }, details: { from: previousRole, to: newRole } },
        sync.origin,
      );
      await sync.identity.changeGroup(cognitoSub, previousRole, newRole);
    }
    return member;
  });
}

export async function removeStaffMember(em: EntityManager, principal: Principal, businessId: string, cognitoSub: string): Promise<void> {
  const actor = await requireStaff(em, principal, businessId, 'manageStaff');
  await em.transactional(async (tx) => {
    const member = await findForOwnerChange(tx, businessId, cognitoSub);
    assertMayManage(actor.role, { currentRole: member.role });
    assertKeepsAnOwner(await countOwners(tx, businessId), { currentRole: member.role, newRole: null });
    tx.remove(member);
    await recordStaffAction(tx, principal, businessId, 'staff.removed', { type: 'staff_member', id: cognitoSub }, { role: member.role });
  });
}

/** Locks the business row first: two owners demoting each other at once must not leave it with none. */
async function findForOwnerChange(tx: EntityManager, businessId: string, cognitoSub: string): Promise<StaffMember> {
  await lockBusiness(tx, businessId);
  const member = await tx.findOne(StaffMember, { businessId, cognitoSub });
  if (!member) throw AppError.notFound('Staff member');
  return member;
}

async function countOwners(tx: EntityManager, businessId: string): Promise<number> {
  return tx.count(StaffMember, { businessId, role: 'owner' });
}

async function ownStores(em: EntityManager, businessId: string, storeIds: string[] | null): Promise<string[] | null> {
  if (storeIds === null) return null;
  const unique = [...new Set(storeIds)];
  const found = await em.count(Store, { businessId, id: { $in: unique } });
  if (found !== unique.length) throw AppError.notFound('Store');
  return unique;
}
