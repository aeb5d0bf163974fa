import { setTimeout as sleep } from 'node:timers/promises';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** BatchWriteItem's limit per call. */
export const BATCH_WRITE_LIMIT = 25;
const MAX_ATTEMPTS = 8;

type PutRequest = { PutRequest: { Item: Record<string, unknown> } };

/**
 * Puts the items in calls of 25, and puts again whatever DynamoDB hands back unprocessed (it does so
 * when throttled) after an exponential back-off; it fails only when a batch never gets through.
 * Unconditional, like BatchWriteItem itself: for items nothing newer can overtake.
 */
export async function batchPut(client: DynamoDBDocumentClient, table: string, items: readonly Record<string, unknown>[]): Promise<void> {
  for (let start = 0; start < items.length; start += BATCH_WRITE_LIMIT) {
    let requests: PutRequest[] = items.slice(start, start + BATCH_WRITE_LIMIT).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 1; requests.length > 0; attempt += 1) {
      if (attempt > MAX_ATTEMPTS) throw new Error(`${requests.length} items for ${table} still unprocessed after ${MAX_ATTEMPTS} attempts`);
      if (attempt > 1) await sleep(Math.min(2_000, 50 * 2 ** (attempt - 2)));
      const { UnprocessedItems } = await client.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
      requests = (UnprocessedItems?.[table] ?? []) as PutRequest[];
    }
  }
}
