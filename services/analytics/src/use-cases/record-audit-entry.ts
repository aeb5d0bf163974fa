import type { AnyEvent, EventPayload } from '@loyalty/contracts';
import type { Logger } from '@loyalty/platform';
import { putAuditEntry, type AuditCategory, type AuditEntry, type AuditTable } from '@loyalty/tables';

/** Days each category of entry is kept before DynamoDB's TTL may delete it. */
export type AuditRetention = Record<AuditCategory, number>;

const SECONDS_PER_DAY = 86_400;

/**
 * Writes one audit event to the audit table, kept for its category's retention from the moment it
 * happened. A redelivered event finds its entry already there: success, nothing changes.
 */
export async function recordAuditEntry(table: AuditTable, retention: AuditRetention, logger: Logger, event: AnyEvent): Promise<void> {
  const entry = auditEntryOf(event);
  if (!entry) {
    logger.warn({ eventType: event.type }, 'not an audit event, nothing written');
    return;
  }
  const expiresAt = Math.floor(Date.parse(entry.at) / 1000) + retention[entry.category] * SECONDS_PER_DAY;
  if ((await putAuditEntry(table, entry, expiresAt)) === 'duplicate') logger.info({ eventId: event.id }, 'audit entry already written');
}

function auditEntryOf(event: AnyEvent): AuditEntry | undefined {
  const envelope = { id: event.id, businessId: event.businessId, correlationId: event.correlationId };
  switch (event.type) {
    case 'audit.security': {
      const { action, actor, subject, ip, userAgent, details, at } = event.payload;
      return { ...envelope, category: 'security', action, at: utc(at), actor: actorOf(actor), target: subject, ip, userAgent, details };
    }
    case 'audit.staff_action': {
      const { action, actor, resource, details, at } = event.payload;
      return { ...envelope, category: 'staff_action', action, at: utc(at), actor: actorOf(actor), target: resource, ip: null, userAgent: null, details };
    }
    default:
      return undefined;
  }
}

// The sort key orders entries as strings: every moment in one form, UTC with milliseconds.
const utc = (at: string) => new Date(at).toISOString();

function actorOf(actor: EventPayload<'audit.security'>['actor']): AuditEntry['actor'] {
  return { type: actor.type, id: actor.id, username: actor.username ?? null };
}
