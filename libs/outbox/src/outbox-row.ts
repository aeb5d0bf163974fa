import type { Envelope } from '@loyalty/contracts';
import { readHeaders, type EventHeaders } from './event-headers.js';

/** A claimed row, as the relay needs it. */
export interface OutboxRow {
  id: string;
  topic: string;
  attempts: number;
  headers: EventHeaders;
  envelope: Envelope;
}

export interface OutboxRecord {
  id: string;
  aggregate_type: string;
  aggregate_id: string;
  event_type: string;
  event_version: number;
  topic: string;
  business_id: string;
  payload: unknown;
  headers: unknown;
  created_at: Date;
  attempts: number;
}

export const outboxColumns = 'id, aggregate_type, aggregate_id, event_type, event_version, topic, business_id, payload, headers, created_at, attempts';

export function toOutboxRow(record: OutboxRecord): OutboxRow {
  const headers = readHeaders(record.headers, record.id);
  return {
    id: record.id,
    topic: record.topic,
    attempts: record.attempts,
    headers,
    envelope: {
      id: record.id,
      type: record.event_type,
      version: record.event_version,
      occurredAt: record.created_at.toISOString(),
      businessId: record.business_id,
      aggregate: { type: record.aggregate_type, id: record.aggregate_id },
      correlationId: headers.correlationId,
      causationId: headers.causationId,
      payload: record.payload,
    },
  };
}
