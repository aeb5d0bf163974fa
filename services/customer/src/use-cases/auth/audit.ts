import { PLATFORM_TENANT, type EventPayload } from '@loyalty/contracts';
import type { EntityManager } from '@loyalty/db';
import { writeEvent } from '@loyalty/outbox';

type SecurityEvent = EventPayload<'audit.security'>;

export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

export interface AuditActor {
  /** Cognito sub; null when the account is unknown (a failed sign-in). */
  sub: string | null;
  email: string | null;
}

/** One security event in the outbox, in its own transaction: the Cognito call it records has already happened. */
export async function recordSecurityEvent(
  em: EntityManager,
  action: SecurityEvent['action'],
  actor: AuditActor,
  origin: RequestOrigin,
  details: Record<string, unknown> = {},
): Promise<void> {
  const payload: SecurityEvent = {
    action,
    actor: { type: actor.sub ? 'customer' : 'anonymous', id: actor.sub, username: actor.email },
    subject: actor.sub ? { type: 'customer', id: actor.sub } : null,
    ip: origin.ip,
    userAgent: origin.userAgent,
    details,
    at: new Date().toISOString(),
  };
  await em.transactional((tx) =>
    writeEvent(tx, { type: 'audit.security', businessId: PLATFORM_TENANT, aggregateId: actor.sub ?? actor.email ?? 'anonymous', payload }),
  );
}
