import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';

/**
 * The transaction-history table: one item per `loyalty.transactions` row, a projection of it that
 * the customer app reads. Postgres stays the source of truth; the history writer and the backfill
 * both write items made here, and the customer API reads them back through `fromHistoryItem`.
 *
 * Keys: `pk` = TRANSACTION#<id> (one item per transaction, so every write of it lands on the same
 * item), and both indexes sort on `timeline` = occurredAt to the microsecond + '#' + id. That is
 * unique and orders as Postgres orders `(created_at, id)` (canonical lowercase UUIDs compare as
 * strings the way their bytes do), so paging newest first never skips or repeats an item.
 */

export const HISTORY_BY_CARD = 'byCard';
export const HISTORY_BY_CUSTOMER = 'byCustomer';

export const historyStatuses = ['pending', 'applied', 'rejected'] as const;
export type HistoryStatus = (typeof historyStatuses)[number];

export interface HistoryEntry {
  transactionId: string;
  businessId: string;
  cardId: string;
  customerId: string;
  programId: string;
  kind: string;
  status: HistoryStatus;
  /** The effect on the balance; null until applied (and for rejections). */
  delta: number | null;
  balanceAfter: number | null;
  rejectionCode: string | null;
  /** Minor units. */
  amount: number | null;
  currency: string | null;
  storeId: string | null;
  /** The store's name when the item was written. */
  storeName: string | null;
  /** When the transaction was recorded, to the microsecond as Postgres keeps it: `YYYY-MM-DDTHH:MM:SS.ffffffZ`. */
  occurredAt: string;
  settledAt: string | null;
}

export interface HistoryItem extends HistoryEntry {
  pk: string;
  sk: string;
  timeline: string;
  /** How far along its life the row was when projected: a write never replaces a later stage. */
  stage: number;
}

const SORT_KEY = 'TRANSACTION';

/** Pending rows become settled, never the reverse; applied and rejected are both final. */
export const stageOf = (status: HistoryStatus): number => (status === 'pending' ? 0 : 1);

export const historyKey = (transactionId: string): { pk: string; sk: string } => ({ pk: `TRANSACTION#${transactionId}`, sk: SORT_KEY });

export const timelineOf = (occurredAt: string, transactionId: string): string => `${occurredAt}#${transactionId}`;

export function toHistoryItem(entry: HistoryEntry): HistoryItem {
  return { ...historyKey(entry.transactionId), ...entry, timeline: timelineOf(entry.occurredAt, entry.transactionId), stage: stageOf(entry.status) };
}

/** The entry an item holds, without its keys (and without attributes a later version may add). */
export function fromHistoryItem(item: Record<string, unknown>): HistoryEntry {
  const stored = item as unknown as HistoryItem;
  return {
    transactionId: stored.transactionId,
    businessId: stored.businessId,
    cardId: stored.cardId,
    customerId: stored.customerId,
    programId: stored.programId,
    kind: stored.kind,
    status: stored.status,
    delta: stored.delta,
    balanceAfter: stored.balanceAfter,
    rejectionCode: stored.rejectionCode,
    amount: stored.amount,
    currency: stored.currency,
    storeId: stored.storeId,
    storeName: stored.storeName,
    occurredAt: stored.occurredAt,
    settledAt: stored.settledAt,
  };
}

/**
 * Writes the entry unless the table already holds this transaction at the same or a later stage:
 * a redelivered event, or one overtaken by a later one, leaves the item as it is.
 */
export async function putHistoryEntry(client: DynamoDBDocumentClient, table: string, entry: HistoryEntry): Promise<'written' | 'unchanged'> {
  const item = toHistoryItem(entry);
  try {
    await client.send(
      new PutCommand({
        TableName: table,
        Item: item,
        ConditionExpression: 'attribute_not_exists(pk) OR #stage < :stage',
        ExpressionAttributeNames: { '#stage': 'stage' },
        ExpressionAttributeValues: { ':stage': item.stage },
      }),
    );
    return 'written';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'unchanged';
    throw error;
  }
}

/**
 * A card's entries newest first: `limit` of them, before `beforeTimeline` (exclusive) when given.
 * Eventually consistent, as every read of an index is: an item written a moment ago may be missing.
 */
export async function cardHistoryPage(
  client: DynamoDBDocumentClient,
  table: string,
  cardId: string,
  beforeTimeline: string | undefined,
  limit: number,
): Promise<HistoryEntry[]> {
  const { Items = [] } = await client.send(
    new QueryCommand({
      TableName: table,
      IndexName: HISTORY_BY_CARD,
      KeyConditionExpression: beforeTimeline === undefined ? 'cardId = :card' : 'cardId = :card AND #timeline < :before',
      ExpressionAttributeNames: beforeTimeline === undefined ? undefined : { '#timeline': 'timeline' },
      ExpressionAttributeValues: { ':card': cardId, ...(beforeTimeline === undefined ? {} : { ':before': beforeTimeline }) },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return Items.map(fromHistoryItem);
}
