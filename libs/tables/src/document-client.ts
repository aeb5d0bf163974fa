import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { physicalName, type TableName } from '@loyalty/topology/definition';

export type { DynamoDBDocumentClient };

/** Items in and out as plain objects; optional fields left undefined are simply not written. */
export function documentClient(dynamodb: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
}

/** A document client on a DynamoDB client of its own, for a Lambda that loads no other SDK client. */
export function createDocumentClient(config: DynamoDBClientConfig): DynamoDBDocumentClient {
  return documentClient(new DynamoDBClient(config));
}

/** The table's name in an environment: the same rule terraform and the local provisioning use. */
export function tableName(prefix: string, table: TableName): string {
  return physicalName(prefix, table);
}
