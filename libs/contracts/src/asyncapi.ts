import { z } from 'zod';
import { envelopeSchema, topicNames, type TopicName } from './envelope.js';
import { eventExamples } from './event-examples.js';
import { eventCatalog, isEventType, type EventType } from './events.js';
import { parseEvent } from './parse.js';

/** A queue's subscription to a topic, as the topology defines it. */
export interface EventSubscription {
  topic: TopicName;
  queue: string;
  /** Values of the `eventType` attribute the subscription's filter policy lets through; undefined: every type on the topic. */
  eventTypes?: readonly string[];
  deadLetterQueue: string;
  maxReceiveCount: number;
}

type Json = Record<string, unknown>;

const ref = (pointer: string) => ({ $ref: pointer });
const pascal = (name: string) => name.replace(/(^|[^a-zA-Z0-9])([a-zA-Z0-9])/g, (_, _separator, letter: string) => letter.toUpperCase());

const exampleEnvelope = {
  id: '01937a2c-5e4b-7c3d-9e8f-0a1b2c3d4e5f',
  occurredAt: '2026-11-25T12:00:00.000Z',
  businessId: '4d8f2a6c-0e3b-4c7d-a9f1-3b5d7f9a1c2e',
  correlationId: 'till-7-receipt-42',
  causationId: null,
};

/**
 * The AsyncAPI 3 document of the events: one channel per SNS topic, one message per event type
 * (the envelope around that type's payload schema, with the message attributes as headers), the
 * platform's send operation per topic and a receive operation per subscribed queue. Pure: the
 * caller writes it wherever it likes.
 */
export function eventsAsyncApi(subscriptions: readonly EventSubscription[]): Json {
  for (const subscription of subscriptions) assertDeliverable(subscription);
  const types = Object.keys(eventCatalog) as EventType[];
  const typesOn = (topic: TopicName) => types.filter((type) => eventCatalog[type].topic === topic);
  const received = (subscription: EventSubscription) => typesOn(subscription.topic).filter((type) => subscription.eventTypes?.includes(type) ?? true);

  const channels: Json = {};
  const operations: Json = {};
  for (const topic of topicNames) {
    const topicTypes = typesOn(topic);
    const subscribers = subscriptions.filter((subscription) => subscription.topic === topic);
    const messageRefs = (list: readonly EventType[]) => list.map((type) => ref(`#/channels/${topic}/messages/${type}`));
    channels[topic] = {
      address: `{prefix}-${topic}`,
      title: `${topic} topic`,
      description: `The SNS topic of the ${topic} bounded context.`,
      parameters: { prefix: { description: 'The environment’s RESOURCE_PREFIX (`local` for npm start); queues carry it too.' } },
      messages: Object.fromEntries(topicTypes.map((type) => [type, ref(`#/components/messages/${type}`)])),
      bindings: { sns: { name: topic, bindingVersion: '0.1.0' } },
    };
    operations[`send${pascal(topic)}Events`] = {
      action: 'send',
      channel: ref(`#/channels/${topic}`),
      title: `Publish ${topic} events`,
      description:
        'Written to the outbox in the same transaction as the change they describe, then published by the relay with PublishBatch: at least once, in no particular order.',
      messages: messageRefs(topicTypes),
      // The SNS binding needs at least one consumer: a topic nobody subscribes to yet has none.
      ...(subscribers.length > 0 && {
        bindings: {
          sns: {
            consumers: subscribers.map((subscription) => ({
              protocol: 'sqs',
              endpoint: { name: subscription.queue },
              ...(subscription.eventTypes ? { filterPolicy: { eventType: [...subscription.eventTypes] }, filterPolicyScope: 'MessageAttributes' } : {}),
              rawMessageDelivery: true,
            })),
            bindingVersion: '0.1.0',
          },
        },
      }),
    };
    for (const subscription of subscribers) {
      operations[`receive${pascal(topic)}EventsOn${pascal(subscription.queue)}Queue`] = {
        action: 'receive',
        channel: ref(`#/channels/${topic}`),
        title: `${subscription.queue} queue`,
        description:
          `The SQS queue \`${subscription.queue}\`, delivered raw (the attributes arrive as SQS message attributes). ` +
          'Its consumer validates every message, dedupes on the envelope id and reports what it cannot handle as a batch item failure; ' +
          `after ${subscription.maxReceiveCount} receives a message moves to \`${subscription.deadLetterQueue}\`.`,
        messages: messageRefs(received(subscription)),
        bindings: {
          sqs: {
            queues: [
              {
                name: subscription.queue,
                redrivePolicy: { deadLetterQueue: { name: subscription.deadLetterQueue }, maxReceiveCount: subscription.maxReceiveCount },
              },
              { name: subscription.deadLetterQueue },
            ],
            bindingVersion: '0.2.0',
          },
        },
      };
    }
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Loyalty platform events',
      version: '1',
      description:
        'What the platform publishes to SNS, for the internal services that consume it. Every event travels in one envelope; `payload` has the schema of its `type` and `version`. ' +
        'The message attributes `eventType` and `businessId` let subscriptions filter without reading the body.',
      contact: { name: 'Loyalty platform team' },
      license: { name: 'Proprietary' },
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages: Object.fromEntries(types.map((type) => [type, message(type)])) },
  };
}

function message(type: EventType): Json {
  const definition = eventCatalog[type];
  const description = z.globalRegistry.get(definition.payload)?.description;
  if (!description) throw new Error(`${type}: its payload schema has no description`);
  const envelope = envelopeSchema.extend({
    type: z.literal(type),
    version: z.literal(definition.version),
    aggregate: z.object({ type: z.literal(definition.aggregate), id: z.string().min(1) }),
    payload: definition.payload,
  });
  const { aggregateId, payload } = eventExamples[type];
  const example = parseEvent({ ...exampleEnvelope, type, version: definition.version, aggregate: { type: definition.aggregate, id: aggregateId }, payload });
  return {
    name: type,
    title: type,
    summary: description,
    contentType: 'application/json',
    headers: {
      type: 'object',
      description: 'SNS message attributes (DataType String)',
      required: ['eventType', 'businessId'],
      properties: {
        eventType: { type: 'string', const: type, description: 'The envelope’s type: what subscriptions filter on' },
        businessId: { type: 'string', format: 'uuid', description: 'The envelope’s businessId, the tenant' },
      },
    },
    payload: jsonSchema(envelope),
    correlationId: { location: '$message.payload#/correlationId', description: 'Follows one request through every hop' },
    examples: [{ name: type, headers: { eventType: type, businessId: example.businessId }, payload: example }],
  };
}

function jsonSchema(schema: z.ZodType): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-07' });
  return rest;
}

function assertDeliverable(subscription: EventSubscription): void {
  for (const type of subscription.eventTypes ?? []) {
    const route = `${subscription.topic} → ${subscription.queue}`;
    if (!isEventType(type)) throw new Error(`${route} filters on ${type}, which the event catalog does not define (no schema)`);
    if (eventCatalog[type].topic !== subscription.topic) throw new Error(`${route} filters on ${type}, which is published on ${eventCatalog[type].topic}`);
  }
}
