import { CreateTableCommand, ResourceInUseException, UpdateTimeToLiveCommand, type AttributeDefinition, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BucketAlreadyOwnedByYou, CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import type { TableDefinition } from './topology.js';

export async function ensureBucket(s3: S3Client, name: string): Promise<void> {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: name }));
  } catch (error) {
    if (!(error instanceof BucketAlreadyOwnedByYou)) throw error;
  }
}

export async function ensureTable(dynamodb: DynamoDBClient, name: string, table: TableDefinition): Promise<void> {
  const keys = [table.partitionKey, table.sortKey, ...table.indexes.flatMap((index) => [index.partitionKey, index.sortKey])];
  const AttributeDefinitions: AttributeDefinition[] = [...new Set(keys)].map((AttributeName) => ({ AttributeName, AttributeType: 'S' }));
  try {
    await dynamodb.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions,
        KeySchema: [
          { AttributeName: table.partitionKey, KeyType: 'HASH' },
          { AttributeName: table.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes:
          table.indexes.length === 0
            ? undefined
            : table.indexes.map((index) => ({
                IndexName: index.name,
                KeySchema: [
                  { AttributeName: index.partitionKey, KeyType: 'HASH' },
                  { AttributeName: index.sortKey, KeyType: 'RANGE' },
                ],
                Projection: { ProjectionType: 'ALL' },
              })),
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  if (table.ttlAttribute) await enableTimeToLive(dynamodb, name, table.ttlAttribute);
}

// dynalite does not implement UpdateTimeToLive: locally, expired items simply stay. Readers
// already filter on expiresAt, as they must on AWS too, where deletion lags expiry by up to days.
async function enableTimeToLive(dynamodb: DynamoDBClient, name: string, attribute: string): Promise<void> {
  try {
    await dynamodb.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: attribute, Enabled: true } }));
  } catch (error) {
    const alreadyEnabled = error instanceof Error && /already enabled/i.test(error.message);
    if (!alreadyEnabled && (error as { name?: string }).name !== 'UnknownOperationException') throw error;
  }
}
