import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import { eventCatalog, parseEvent, type EventType } from '@loyalty/contracts';
import { eventsAsyncApi } from '@loyalty/contracts/asyncapi';
import { topology } from '@loyalty/topology';
import { eventsDocument } from '../../scripts/contract-documents.js';

interface Message {
  headers: { required: string[]; properties: Record<string, { const?: string }> };
  payload: { required: string[]; properties: { type: { const: string }; payload: { type: string; properties: Record<string, unknown> } } };
  examples: { headers: Record<string, string>; payload: unknown }[];
}
interface Operation {
  action: 'send' | 'receive';
  channel: { $ref: string };
  messages: { $ref: string }[];
  bindings: { sqs?: { queues: { name: string }[] }; sns?: { consumers: { endpoint: { name: string }; filterPolicy?: { eventType: string[] } }[] } };
}
interface AsyncApi {
  channels: Record<string, { messages: Record<string, { $ref: string }> }>;
  operations: Record<string, Operation>;
  components: { messages: Record<string, Message> };
}

const document = eventsDocument() as unknown as AsyncApi;
const types = Object.keys(eventCatalog) as EventType[];
const operations = Object.values(document.operations);

describe('the events AsyncAPI document', () => {
  it('is a valid AsyncAPI 3 document to @asyncapi/parser, without errors or warnings', async () => {
    const { document: parsed, diagnostics } = await new Parser().parse(JSON.stringify(document));
    const problems = diagnostics.filter((diagnostic) => diagnostic.severity <= DiagnosticSeverity.Warning);
    expect(problems.map((problem) => `${problem.code}: ${problem.message} at ${problem.path.join('.')}`)).toEqual([]);
    expect(parsed?.version()).toBe('3.0.0');
    expect(
      parsed
        ?.components()
        .messages()
        .all()
        .map((message) => message.name()),
    ).toEqual(types);
  });

  it.each(types)('describes %s: the envelope around its payload schema, the message attributes and an example that parses', (type) => {
    const message = document.components.messages[type];
    expect(message?.payload.properties.type.const).toBe(type);
    expect(message?.payload.required).toEqual(expect.arrayContaining(['id', 'type', 'version', 'businessId', 'payload']));
    expect(Object.keys(message?.payload.properties.payload.properties ?? {}).length).toBeGreaterThan(0);
    expect(message?.headers.required).toEqual(['eventType', 'businessId']);
    expect(message?.headers.properties.eventType?.const).toBe(type);
    expect(document.channels[eventCatalog[type].topic]?.messages[type]).toEqual({ $ref: `#/components/messages/${type}` });

    const [example] = message?.examples ?? [];
    const parsed = parseEvent(example?.payload);
    expect(parsed.type).toBe(type);
    expect(example?.headers).toEqual({ eventType: type, businessId: parsed.businessId });
  });

  it.each(topology.subscriptions.map((subscription) => [`${subscription.topic} → ${subscription.queue}`, subscription] as const))(
    'documents the subscription %s: what the topic sends it and what its queue receives',
    (_route, subscription) => {
      const delivered = types.filter((type) => eventCatalog[type].topic === subscription.topic && (subscription.eventTypes?.includes(type as never) ?? true));
      const onTopic = operations.filter((operation) => operation.channel.$ref === `#/channels/${subscription.topic}`);
      const receive = onTopic.find((operation) => operation.action === 'receive' && operation.bindings.sqs?.queues[0]?.name === subscription.queue);
      expect(receive?.messages.map((ref) => ref.$ref)).toEqual(delivered.map((type) => `#/channels/${subscription.topic}/messages/${type}`));
      const consumer = onTopic
        .find((operation) => operation.action === 'send')
        ?.bindings.sns?.consumers.find((candidate) => candidate.endpoint.name === subscription.queue);
      expect(consumer?.filterPolicy?.eventType).toEqual(subscription.eventTypes);
    },
  );

  it('cannot be made for a subscription to an event type without a schema in the catalog', () => {
    const gifts = { topic: 'loyalty', queue: 'gifts', eventTypes: ['gift.sent'], deadLetterQueue: 'gifts-dlq', maxReceiveCount: 3 } as const;
    expect(() => eventsAsyncApi([gifts])).toThrow('loyalty → gifts filters on gift.sent, which the event catalog does not define (no schema)');
  });
});
