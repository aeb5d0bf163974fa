import type { EventPayload } from '@loyalty/contracts';
import type { EntityManager } from '@loyalty/db';
import { recordSecurityEvent, type RequestOrigin } from '@loyalty/outbox';

export interface AuditActor {
  /** Cognito sub; null when the account is unknown (a failed sign-in). */
  sub: string | null;
  email: string | null;
}

/**
 * A customer's security event: the customer when known, else the email that was tried. Each records
 * a Cognito call that has already happened, so it commits on its own.
 */
export function recordCustomerEvent(
  em: EntityManager,
  action: EventPayload<'audit.security'>['action'],
  actor: AuditActor,
  origin: RequestOrigin,
  details: Record<string, unknown> = {},
): Promise<void> {
  const subject = actor.sub ? { type: 'customer', id: actor.sub } : null;
  return recordSecurityEvent(
    em,
    null,
    { action, actor: { type: actor.sub ? 'customer' : 'anonymous', id: actor.sub, username: actor.email }, subject, details },
    origin,
  );
}
