import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type MessageAttributeValue,
  type SQSClient,
} from '@aws-sdk/client-sqs';

/** A message received from a DLQ, with what SQS says about its past. */
export interface DeadLetter {
  messageId: string;
  receiptHandle: string;
  body: string;
  messageAttributes: Record<string, MessageAttributeValue>;
  /** When it was first sent to the source queue (redrive keeps the original time). */
  sentAt: Date | undefined;
  firstReceivedAt: Date | undefined;
  /** Every receive counts, in the source queue and in the DLQ, peeks included. */
  receiveCount: number;
}

export async function receiveDeadLetters(sqs: SQSClient, url: string, max: number, visibilityTimeoutSeconds: number): Promise<DeadLetter[]> {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: url,
      MaxNumberOfMessages: Math.min(10, max),
      VisibilityTimeout: visibilityTimeoutSeconds,
      // Long polling asks every SQS server, so a sparse queue does not look empty; it returns as soon as one message is there.
      WaitTimeSeconds: 1,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
  );
  return Messages.map(toDeadLetter);
}

/** Makes messages visible again at once, for whoever receives next. */
export async function releaseDeadLetters(sqs: SQSClient, url: string, letters: readonly DeadLetter[]): Promise<void> {
  for (const batch of batchesOf(letters)) {
    await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: url,
        Entries: batch.map((letter, index) => ({ Id: String(index), ReceiptHandle: letter.receiptHandle, VisibilityTimeout: 0 })),
      }),
    );
  }
}

/** Deletes up to ten messages; returns the message ids SQS did not delete. */
export async function deleteDeadLetters(sqs: SQSClient, url: string, letters: readonly DeadLetter[]): Promise<string[]> {
  if (letters.length === 0) return [];
  const { Failed = [] } = await sqs.send(
    new DeleteMessageBatchCommand({ QueueUrl: url, Entries: letters.map((letter, index) => ({ Id: String(index), ReceiptHandle: letter.receiptHandle })) }),
  );
  return Failed.map((failure) => letters[Number(failure.Id)]?.messageId ?? String(failure.Id));
}

function batchesOf<T>(items: readonly T[], size = 10): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}

function toDeadLetter(message: Message): DeadLetter {
  if (!message.MessageId || !message.ReceiptHandle) throw new Error('SQS returned a message without MessageId or ReceiptHandle');
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId,
    receiptHandle: message.ReceiptHandle,
    body: message.Body ?? '',
    messageAttributes: message.MessageAttributes ?? {},
    sentAt: timestamp(attributes.SentTimestamp),
    firstReceivedAt: timestamp(attributes.ApproximateFirstReceiveTimestamp),
    receiveCount: Number(attributes.ApproximateReceiveCount ?? 0),
  };
}

function timestamp(epochMs: string | undefined): Date | undefined {
  return epochMs ? new Date(Number(epochMs)) : undefined;
}
