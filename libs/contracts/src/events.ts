import { z } from 'zod';
import type { TopicName } from './envelope.js';

const id = z.uuid();
const timestamp = z.iso.datetime({ offset: true });
const customerContact = z.object({ id, email: z.email().nullable(), displayName: z.string() });

export const transactionKinds = ['visit', 'purchase', 'redemption', 'void', 'refund', 'adjustment', 'bonus'] as const;

export const transactionRecorded = z
  .object({
    transactionId: id,
    cardId: id,
    programId: id,
    storeId: id.nullable(),
    kind: z.enum(transactionKinds),
    posTransactionId: z.string().min(1),
    recordedAt: timestamp,
  })
  .meta({ description: 'A transaction was recorded and waits for the loyalty processor, which reads its row (amount, details) by id.' });

export const transactionSettled = z
  .object({
    transactionId: id,
    cardId: id,
    programId: id,
    customerId: id,
    kind: z.enum(transactionKinds),
    status: z.enum(['applied', 'rejected']),
    delta: z.number().int(),
    balanceAfter: z.number().int(),
    rejectionCode: z.string().nullable(),
    settledAt: timestamp,
  })
  .meta({ description: 'The loyalty processor settled a transaction: applied (with its effect on the balance) or rejected (with a reason code).' });

export const cardEnrolled = z
  .object({ cardId: id, programId: id, customerId: id, enrolledAt: timestamp })
  .meta({ description: 'A customer enrolled in a program and got a card.' });

export const rewardUnlocked = z
  .object({
    rewardId: id,
    cardId: id,
    programId: id,
    programName: z.string(),
    rewardDescription: z.string(),
    customer: customerContact,
    stampsRequired: z.number().int().positive(),
    unlockedAt: timestamp,
  })
  .meta({ description: 'A stamp card filled up and unlocked its reward; carries the customer’s contact (email null once deleted) for the notifier.' });

export const rewardRedeemed = z
  .object({ rewardId: id, cardId: id, programId: id, transactionId: id, redeemedAt: timestamp })
  .meta({ description: 'An unlocked reward was redeemed at the counter.' });

export const tierChanged = z
  .object({
    cardId: id,
    programId: id,
    customerId: id,
    from: z.string().nullable(),
    to: z.string().nullable(),
    changedAt: timestamp,
  })
  .meta({ description: 'A card moved to another tier of a points program (null: no tier).' });

export const pointsExpiring = z
  .object({
    cardId: id,
    programId: id,
    programName: z.string(),
    lotId: id,
    points: z.number().int().positive(),
    expiresAt: timestamp,
    customer: customerContact,
  })
  .meta({ description: 'What is left of a lot of points expires soon: once per lot, the program’s expiringNoticeDays before, with the customer’s contact.' });

export const pointsExpired = z
  .object({
    cardId: id,
    programId: id,
    customerId: id,
    points: z.number().int().positive(),
    lotIds: z.array(id).min(1),
    expiredAt: timestamp,
  })
  .meta({ description: 'The expiry job expired what was left of a card’s due lots.' });

export const customerDeleted = z
  .object({ customerId: id, deletedAt: timestamp })
  .meta({ description: 'A customer deleted their account: once per business they had cards with, so its consumers can forget them too.' });

/** The tenant of events that belong to no business (a customer signing in, say). */
export const PLATFORM_TENANT = '00000000-0000-0000-0000-000000000000';

const actor = z.object({
  type: z.enum(['customer', 'staff', 'api_key', 'system', 'anonymous']),
  /** Cognito sub, API key id or null when unknown (a failed sign-in for an unknown account). */
  id: z.string().nullable(),
  username: z.string().nullable().optional(),
});

export const securityActions = [
  'sign_in.succeeded',
  'sign_in.failed',
  'sign_in.locked_out',
  'sign_out',
  'session.ended',
  'registered',
  'password.reset_requested',
  'password.reset',
  'password.changed',
  'mfa.enabled',
  'mfa.disabled',
  'social.linked',
  'social.unlinked',
  'staff.invited',
  'role.changed',
  'api_key.issued',
  'api_key.revoked',
  'token.rejected',
] as const;

export const securityEvent = z
  .object({
    action: z.enum(securityActions),
    actor,
    subject: z.object({ type: z.string(), id: z.string() }).nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).default({}),
    at: timestamp,
  })
  .meta({ description: 'A security-relevant moment for the audit table: who, what, from where.' });

export const staffAction = z
  .object({
    action: z.string().min(1),
    actor,
    resource: z.object({ type: z.string(), id: z.string() }),
    details: z.record(z.string(), z.unknown()).default({}),
    at: timestamp,
  })
  .meta({ description: 'A staff member changed configuration or data: the audit trail of staff actions.' });

export const exportKinds = ['transactions', 'customers', 'ledger', 'analytics', 'personal-data'] as const;
export const exportFormats = ['csv', 'jsonl'] as const;

export const exportRequested = z
  .object({ exportId: id, kind: z.enum(exportKinds), format: z.enum(exportFormats), requestedAt: timestamp })
  .meta({ description: 'Someone asked for a data export; the exporter reads its row (filters, requester) by id and produces the file.' });

export const exportReady = z
  .object({
    exportId: id,
    kind: z.enum(exportKinds),
    format: z.enum(exportFormats),
    rows: z.number().int().nonnegative(),
    bytes: z.number().int().nonnegative(),
    readyAt: timestamp,
  })
  .meta({ description: 'An export finished and its file is in the exports bucket; the notifier reads the row for the requester and the link.' });

interface EventDefinition {
  topic: TopicName;
  version: number;
  aggregate: string;
  payload: z.ZodType;
}

/** Every event type: the topic (bounded context) it is published on, its current version and payload schema. */
export const eventCatalog = {
  'transaction.recorded': { topic: 'loyalty', version: 1, aggregate: 'transaction', payload: transactionRecorded },
  'transaction.settled': { topic: 'loyalty', version: 1, aggregate: 'transaction', payload: transactionSettled },
  'card.enrolled': { topic: 'loyalty', version: 1, aggregate: 'card', payload: cardEnrolled },
  'reward.unlocked': { topic: 'loyalty', version: 1, aggregate: 'card', payload: rewardUnlocked },
  'reward.redeemed': { topic: 'loyalty', version: 1, aggregate: 'card', payload: rewardRedeemed },
  'tier.changed': { topic: 'loyalty', version: 1, aggregate: 'card', payload: tierChanged },
  'points.expiring': { topic: 'loyalty', version: 1, aggregate: 'card', payload: pointsExpiring },
  'points.expired': { topic: 'loyalty', version: 1, aggregate: 'card', payload: pointsExpired },
  'customer.deleted': { topic: 'customer', version: 1, aggregate: 'customer', payload: customerDeleted },
  'audit.security': { topic: 'business', version: 1, aggregate: 'principal', payload: securityEvent },
  'audit.staff_action': { topic: 'business', version: 1, aggregate: 'resource', payload: staffAction },
  'export.requested': { topic: 'export', version: 1, aggregate: 'export', payload: exportRequested },
  'export.ready': { topic: 'export', version: 1, aggregate: 'export', payload: exportReady },
} as const satisfies Record<string, EventDefinition>;

export type EventType = keyof typeof eventCatalog;
export type EventPayload<T extends EventType> = z.infer<(typeof eventCatalog)[T]['payload']>;

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventCatalog, type);
}
