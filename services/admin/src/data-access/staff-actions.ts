import type { EntityManager } from '@loyalty/db';
import type { Principal } from '@loyalty/identity';
import { writeEvent } from '@loyalty/outbox';

export interface AuditedResource {
  type: string;
  id: string;
}

/** Writes `audit.staff_action` into the caller's open transaction, so the record exists exactly when the change does. */
export async function recordStaffAction(
  em: EntityManager,
  principal: Principal,
  businessId: string,
  action: string,
  resource: AuditedResource,
  details: Record<string, unknown> = {},
): Promise<void> {
  await writeEvent(em, {
    type: 'audit.staff_action',
    businessId,
    aggregateId: resource.id,
    payload: { action, actor: { type: 'staff', id: principal.sub, username: principal.username }, resource, details, at: new Date().toISOString() },
  });
}

/** Flushes the staff member's pending changes and their audit record in one commit. */
export async function commitStaffAction(
  em: EntityManager,
  principal: Principal,
  businessId: string,
  action: string,
  resource: AuditedResource,
  details: Record<string, unknown> = {},
): Promise<void> {
  await em.begin();
  try {
    await em.flush();
    await recordStaffAction(em, principal, businessId, action, resource, details);
    await em.commit();
  } catch (error) {
    await em.rollback();
    throw error;
  }
}
