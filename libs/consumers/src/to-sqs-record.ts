import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { SQSMessageAttribute, SQSRecord, SQSRecordAttributes } from 'aws-lambda';

export interface QueueIdentity {
  arn: string;
  region: string;
}

/** A received SQS message in the shape the Lambda event source mapping hands to a function. */
export function toSqsRecord(message: Message, queue: QueueIdentity): SQSRecord {
  if (!message.MessageId || !message.ReceiptHandle) throw new Error('received an SQS message without MessageId or ReceiptHandle');
  return {
    messageId: message.MessageId,
    receiptHandle: message.ReceiptHandle,
    body: message.Body ?? '',
    attributes: systemAttributes(message.Attributes),
    messageAttributes: Object.fromEntries(Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, messageAttribute(value)])),
    md5OfBody: message.MD5OfBody ?? '',
    md5OfMessageAttributes: message.MD5OfMessageAttributes,
    eventSource: 'aws:sqs',
    eventSourceARN: queue.arn,
    awsRegion: queue.region,
  };
}

function systemAttributes(attributes: Message['Attributes'] = {}): SQSRecordAttributes {
  return {
    ...attributes,
    ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
    SentTimestamp: attributes.SentTimestamp ?? '',
    SenderId: attributes.SenderId ?? '',
    ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? '',
  };
}

// Lambda spells message attributes in camelCase and carries binary values as base64 strings.
function messageAttribute(value: MessageAttributeValue): SQSMessageAttribute {
  return {
    dataType: value.DataType ?? 'String',
    stringValue: value.StringValue,
    binaryValue: value.BinaryValue && Buffer.from(value.BinaryValue).toString('base64'),
    stringListValues: value.StringListValues ?? [],
    binaryListValues: (value.BinaryListValues ?? []).map((binary) => Buffer.from(binary).toString('base64')),
  };
}
