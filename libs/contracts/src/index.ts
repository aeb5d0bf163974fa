export { envelopeSchema, topicNames, type Envelope, type TopicName } from './envelope.js';
export * from './events.js';
export { parseEvent, topicOf, InvalidEventError, type AnyEvent } from './parse.js';
export { signCardQr, verifyCardQr, newRedemptionCode, hashRedemptionCode, type QrCheck } from './card-credentials.js';
export { signUnsubscribeToken, verifyUnsubscribeToken, type UnsubscribeCheck } from './unsubscribe-token.js';
export { campaignPlaceholders, unknownPlaceholders, fillCampaignTemplate, type CampaignPlaceholder, type CampaignValues } from './campaign-template.js';
