import { PLATFORM_TENANT, type EventPayload } from '@loyalty/contracts';
import type { EntityManager } from '@loyalty/db';
import { writeEvent } from './write-event.js';

type SecurityPayload = EventPayload<'audit.security'>;

/** Where the request came from: the client address and user agent the audit trail keeps. */
export type RequestOrigin = Pick<SecurityPayload, 'ip' | 'userAgent'>;

export type SecurityEvent = Pick<SecurityPayload, 'action' | 'actor' | 'subject'> & { details?: Record<string, unknown> };

/**
 * Writes an `audit.security` event through the outbox. Inside a transaction it joins it, so the event
 * commits with the state change it describes (a key issued, a role changed) or not at all; outside one
 * (a sign-in, a Cognito call: nothing else to commit) it commits on its own. The aggregate is the
 * principal: the subject, else the actor, else the username an anonymous attempt gave.
 */
export async function recordSecurityEvent(em: EntityManager, businessId: string | null, event: SecurityEvent, origin: RequestOrigin): Promise<void> {
  await em.transactional(
    (tx) =>
      writeEvent(tx, {
        type: 'audit.security',
        businessId: businessId ?? PLATFORM_TENANT,
        aggregateId: event.subject?.id ?? event.actor.id ?? event.actor.username ?? PLATFORM_TENANT,
        payload: { ...event, details: event.details ?? {}, ip: origin.ip, userAgent: origin.userAgent, at: new Date().toISOString() },
      }),
    { propagation: 'required' },
  );
}
