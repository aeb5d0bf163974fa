import { PublishBatchCommand, type PublishBatchRequestEntry, type PublishBatchResponse, type SNSClient } from '@aws-sdk/client-sns';

export type PublishBatch = (topicArn: string, entries: PublishBatchRequestEntry[]) => Promise<PublishBatchResponse>;

/** The real call. The abort signal cancels the HTTP request itself, not only the wait for it. */
export function snsPublishBatch(sns: SNSClient, timeoutMs: number): PublishBatch {
  return (topicArn, entries) =>
    sns.send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: entries }), { abortSignal: AbortSignal.timeout(timeoutMs) });
}
