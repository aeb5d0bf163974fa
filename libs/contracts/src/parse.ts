import { z } from 'zod';
import { envelopeSchema, type Envelope } from './envelope.js';
import { eventCatalog, isEventType, type EventPayload, type EventType } from './events.js';

export type AnyEvent = { [T in EventType]: Envelope<T, EventPayload<T>> }[EventType];

export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
}

/** Validates an event from the wire: the envelope, a known type and version, and that type's payload. */
export function parseEvent(raw: string | unknown): AnyEvent {
  let json: unknown = raw;
  if (typeof raw === 'string') {
    try {
      json = JSON.parse(raw);
    } catch {
      throw new InvalidEventError('message body is not JSON');
    }
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) throw new InvalidEventError(`bad envelope: ${z.prettifyError(envelope.error)}`);
  const { type, version } = envelope.data;
  if (!isEventType(type)) throw new InvalidEventError(`unknown event type ${type}`);
  const definition = eventCatalog[type];
  if (version !== definition.version) throw new InvalidEventError(`${type} version ${version} is not supported (expected ${definition.version})`);
  const payload = definition.payload.safeParse(envelope.data.payload);
  if (!payload.success) throw new InvalidEventError(`bad ${type} payload: ${z.prettifyError(payload.error)}`);
  return { ...envelope.data, type, payload: payload.data } as AnyEvent;
}

export function topicOf(type: EventType) {
  return eventCatalog[type].topic;
}
