import { CreateTopicCommand, SNSClient, SubscribeCommand, type SNSClientConfig } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';

const local = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

function endpoint(name: 'AWS_ENDPOINT_URL_SNS' | 'AWS_ENDPOINT_URL_SQS'): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run tests through jest so test/global-setup.ts starts fauxqs`);
  return value;
}

export function snsClient(overrides: Partial<SNSClientConfig> = {}): SNSClient {
  return new SNSClient({ ...local, endpoint: endpoint('AWS_ENDPOINT_URL_SNS'), ...overrides });
}

export function sqsClient(): SQSClient {
  return new SQSClient({ ...local, endpoint: endpoint('AWS_ENDPOINT_URL_SQS') });
}

export interface SubscribedQueue {
  topicArn: string;
  queueUrl: string;
}

/** A topic with one queue subscribed with raw delivery, as the topology will provision them. */
export async function createSubscribedQueue(sns: SNSClient, sqs: SQSClient, name: string): Promise<SubscribedQueue> {
  const { TopicArn: topicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
  const { QueueUrl: queueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  if (!topicArn || !queueUrl) throw new Error(`could not create topic/queue ${name}`);
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: Attributes?.QueueArn, Attributes: { RawMessageDelivery: 'true' } }));
  return { topicArn, queueUrl };
}

/** Receives and deletes until the queue answers empty. */
export async function drainQueue(sqs: SQSClient, queueUrl: string): Promise<Message[]> {
  const received: Message[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], WaitTimeSeconds: 0 }),
    );
    if (Messages.length === 0) return received;
    received.push(...Messages);
    await sqs.send(
      new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: Messages.map((message, i) => ({ Id: String(i), ReceiptHandle: message.ReceiptHandle })) }),
    );
  }
}

export function eventId(message: Message): string {
  return (JSON.parse(message.Body ?? '{}') as { id: string }).id;
}

/** How many times each event id arrived. */
export function countById(messages: readonly Message[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of messages) counts.set(eventId(message), (counts.get(eventId(message)) ?? 0) + 1);
  return counts;
}
