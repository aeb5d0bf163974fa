import type { EntityManager } from '@loyalty/db';
import { PLATFORM_TENANT, type EventPayload } from '@loyalty/contracts';
import { writeEvent } from '@loyalty/outbox';

/** Where a request came from, for the audit trail. */
export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

export type SecurityEvent = Omit<EventPayload<'audit.security'>, 'ip' | 'userAgent' | 'at' | 'details'> & { details?: Record<string, unknown> };

/** Writes an `audit.security` event through the outbox, in the caller's transaction. */
export async function recordSecurityEvent(em: EntityManager, businessId: string | null, event: SecurityEvent, origin: RequestOrigin): Promise<void> {
  await writeEvent(em, {
    type: 'audit.security',
    businessId: businessId ?? PLATFORM_TENANT,
    aggregateId: event.subject?.id ?? event.actor.id ?? PLATFORM_TENANT,
    payload: { ...event, details: event.details ?? {}, ip: origin.ip, userAgent: origin.userAgent, at: new Date().toISOString() },
  });
}
