export { envelopeSchema, topicNames, type Envelope, type TopicName } from './envelope.js';
export { eventCatalog, isEventType, transactionRecorded, rewardUnlocked, type EventType, type EventPayload } from './events.js';
export { parseEvent, topicOf, InvalidEventError, type AnyEvent } from './parse.js';
