import { AppError } from '@loyalty/platform';
import { StaffMember, Store, type EntityManager, type StaffRole } from '@loyalty/db';
import type { Principal } from '@loyalty/identity';
import { recordSecurityEvent, type RequestOrigin } from '@loyalty/outbox';
import type { StaffIdentity } from '../data-access/staff-identity.js';
import { requireStaff } from '../data-access/staff-access.js';
import { assertMayManage } from '../domain/staff-rules.js';

export interface Invitation {
  email: string;
  role: StaffRole;
  storeIds?: string[] | undefined;
}

/**
 * Creates the Cognito user (Cognito emails the temporary password; the first sign-in must change it)
 * in the role's group, then the membership. Should the membership fail, the new user is deleted again
 * so a retry can invite the same email.
 */
export async function inviteStaff(
  em: EntityManager,
  identity: StaffIdentity,
  principal: Principal,
  businessId: string,
  invitation: Invitation,
  origin: RequestOrigin,
): Promise<StaffMember> {
  const actor = await requireStaff(em, principal, businessId, 'manageStaff');
  assertMayManage(actor.role, { newRole: invitation.role });
  const storeIds = invitation.storeIds ? await ownStores(em, businessId, invitation.storeIds) : null;
  const { sub } = await identity.invite(invitation.email, invitation.role, businessId);
  try {
    return await em.transactional(async (tx) => {
      const member = tx.create(StaffMember, { businessId, cognitoSub: sub, username: invitation.email, role: invitation.role, storeIds });
      await recordSecurityEvent(
        tx,
        businessId,
        {
          action: 'staff.invited',
          actor: { type: 'staff', id: principal.sub, username: principal.username },
          subject: { type: 'staff_user', id: sub },
          details: { role: invitation.role, storeIds },
        },
        origin,
      );
      return member;
    });
  } catch (error) {
    await identity.remove(sub);
    throw error;
  }
}

async function ownStores(em: EntityManager, businessId: string, storeIds: string[]): Promise<string[]> {
  const unique = [...new Set(storeIds)];
  if ((await em.count(Store, { businessId, id: { $in: unique } })) !== unique.length) throw AppError.notFound('Store');
  return unique;
}
