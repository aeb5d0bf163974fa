import { eventCatalog, InvalidEventError, type Envelope, type EventPayload, type EventType } from '@loyalty/contracts';
import type { EntityManager } from '@loyalty/db';
import { currentLogContext } from '@loyalty/platform';
import type { EventHeaders } from './event-headers.js';
import { uuidv7 } from './uuidv7.js';

export interface NewEvent<T extends EventType> {
  type: T;
  businessId: string;
  aggregateId: string;
  payload: EventPayload<T>;
  /** Defaults to the log context's correlation id, else the event's own id (it starts a new chain). */
  correlationId?: string;
  /** Defaults to the log context's causation id, else null. */
  causationId?: string | null;
}

/** An event ready to insert: its envelope, and the outbox row's columns with their placeholders and values. */
export interface PreparedEvent<T extends EventType> {
  envelope: Envelope<T, EventPayload<T>>;
  columns: string;
  placeholders: string;
  params: unknown[];
}

const outboxColumns = 'id, aggregate_type, aggregate_id, event_type, event_version, topic, business_id, payload, headers, created_at';
const outboxPlaceholders = '?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?';

/**
 * Builds the envelope and the outbox row without writing it, so a caller can insert it in the same
 * statement as the state change that causes it (one round trip instead of a transaction's four).
 * A payload that does not match the catalog is a programming error and throws here.
 */
export function prepareEvent<T extends EventType>(event: NewEvent<T>): PreparedEvent<T> {
  const definition = eventCatalog[event.type];
  const parsed = definition.payload.safeParse(event.payload);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
    throw new InvalidEventError(`refusing to write ${event.type} with an invalid payload: ${issues}`);
  }

  const context = currentLogContext();
  const id = uuidv7();
  const envelope: Envelope<T, EventPayload<T>> = {
    id,
    type: event.type,
    version: definition.version,
    occurredAt: new Date().toISOString(),
    businessId: event.businessId,
    aggregate: { type: definition.aggregate, id: event.aggregateId },
    correlationId: event.correlationId ?? context.correlationId ?? id,
    causationId: event.causationId !== undefined ? event.causationId : (context.causationId ?? null),
    payload: parsed.data as EventPayload<T>,
  };
  const headers: EventHeaders = {
    correlationId: envelope.correlationId,
    causationId: envelope.causationId,
    ...(typeof context.traceparent === 'string' ? { traceparent: context.traceparent } : {}),
  };
  return {
    envelope,
    columns: outboxColumns,
    placeholders: outboxPlaceholders,
    params: [
      envelope.id,
      envelope.aggregate.type,
      envelope.aggregate.id,
      envelope.type,
      envelope.version,
      definition.topic,
      envelope.businessId,
      JSON.stringify(envelope.payload),
      JSON.stringify(headers),
      envelope.occurredAt,
    ],
  };
}

/**
 * Adds the event to the outbox inside the caller's transaction: `em` must be the transactional
 * EntityManager, so the event exists exactly when the state change that caused it commits.
 */
export async function writeEvent<T extends EventType>(em: EntityManager, event: NewEvent<T>): Promise<Envelope<T, EventPayload<T>>> {
  const prepared = prepareEvent(event);
  await em.execute(`insert into messaging.outbox (${prepared.columns}) values (${prepared.placeholders})`, prepared.params, 'run');
  return prepared.envelope;
}
