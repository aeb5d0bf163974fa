import { CreateTopicCommand, SetSubscriptionAttributesCommand, SubscribeCommand, type SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, SetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { findSubscription, queueArn, required } from './lookups.js';
import type { ProvisionedQueue } from './provisioned-topology.js';
import { deadLetterQueueName, type QueueSettings, type SubscriptionDefinition } from './topology.js';

export async function ensureTopic(sns: SNSClient, name: string): Promise<string> {
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
  return required(TopicArn, `ARN of topic ${name}`);
}

export async function ensureQueueWithDeadLetter(sqs: SQSClient, name: string, settings: QueueSettings): Promise<ProvisionedQueue> {
  const deadLetter = await ensureQueue(sqs, deadLetterQueueName(name), {});
  const queue = await ensureQueue(sqs, name, {
    VisibilityTimeout: String(settings.visibilityTimeoutSeconds),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetter.arn, maxReceiveCount: settings.maxReceiveCount }),
  });
  return { ...queue, deadLetterUrl: deadLetter.url, deadLetterArn: deadLetter.arn };
}

// CreateQueue without attributes returns an existing queue as is; setting the attributes afterwards
// converges a queue created with other settings instead of failing with QueueAlreadyExists.
async function ensureQueue(sqs: SQSClient, name: string, attributes: Record<string, string>): Promise<{ url: string; arn: string }> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const url = required(QueueUrl, `URL of queue ${name}`);
  if (Object.keys(attributes).length > 0) await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: attributes }));
  return { url, arn: await queueArn(sqs, url) };
}

export async function ensureSubscription(sns: SNSClient, topicArn: string, queueArn: string, eventTypes: SubscriptionDefinition['eventTypes']): Promise<void> {
  const attributes: Record<string, string> = { RawMessageDelivery: 'true' };
  if (eventTypes) attributes.FilterPolicy = JSON.stringify({ eventType: eventTypes });

  const existing = await findSubscription(sns, topicArn, queueArn);
  if (!existing?.SubscriptionArn) {
    await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queueArn, Attributes: attributes }));
    return;
  }
  for (const [AttributeName, AttributeValue] of Object.entries(attributes)) {
    await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: existing.SubscriptionArn, AttributeName, AttributeValue }));
  }
}
