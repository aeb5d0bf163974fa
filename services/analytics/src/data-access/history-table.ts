import { type DynamoDBDocumentClient, tableName } from '@loyalty/tables';

export interface HistoryTable {
  client: DynamoDBDocumentClient;
  name: string;
}

export const historyTable = (client: DynamoDBDocumentClient, resourcePrefix: string): HistoryTable => ({
  client,
  name: tableName(resourcePrefix, 'transaction-history'),
});
