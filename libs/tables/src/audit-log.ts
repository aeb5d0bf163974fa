import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The audit table's key design, shared by its writer (services/analytics) and its reader (the admin API).
 *
 * - table:      pk `business#<businessId>`, sk `<at>#<eventId>`: a business's entries, newest first
 * - byActor:    actorKey `business#<businessId>#actor#<actorId>`, sk: what one actor did there
 *               (sparse: an actor without an id, e.g. a failed sign-in for an unknown account, has none)
 * - byCategory: categoryKey `business#<businessId>#category#<category>`, sk: one category of a business
 *
 * `at` is the event's moment in UTC ISO form, so the sort key orders by time, then by event id.
 */

export const auditCategories = ['security', 'staff_action'] as const;
export type AuditCategory = (typeof auditCategories)[number];

export interface AuditEntry {
  /** The event's id: a redelivered event writes the same item. */
  id: string;
  businessId: string;
  category: AuditCategory;
  action: string;
  /** UTC, ISO 8601 with milliseconds. */
  at: string;
  actor: { type: string; id: string | null; username: string | null };
  /** What was acted on: a security event's subject, a staff action's resource. */
  target: { type: string; id: string } | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
  correlationId: string;
}

interface AuditItem extends AuditEntry {
  pk: string;
  sk: string;
  actorKey?: string;
  categoryKey: string;
  /** Epoch seconds: DynamoDB's TTL deletes the item some time after. */
  expiresAt: number;
}

/** The audit table of one environment and the client that reaches it. */
export interface AuditTable {
  client: DynamoDBDocumentClient;
  name: string;
}

const businessKey = (businessId: string) => `business#${businessId}`;
const actorKey = (businessId: string, actorId: string) => `${businessKey(businessId)}#actor#${actorId}`;
const categoryKey = (businessId: string, category: AuditCategory) => `${businessKey(businessId)}#category#${category}`;

/** The sort key, also what a page's cursor carries. */
export const auditSortKey = (position: { at: string; id: string }) => `${position.at}#${position.id}`;

export function toAuditItem(entry: AuditEntry, expiresAt: number): AuditItem {
  return {
    pk: businessKey(entry.businessId),
    sk: auditSortKey(entry),
    ...(entry.actor.id === null ? {} : { actorKey: actorKey(entry.businessId, entry.actor.id) }),
    categoryKey: categoryKey(entry.businessId, entry.category),
    expiresAt,
    ...entry,
  };
}

function fromAuditItem(item: Record<string, unknown>): AuditEntry {
  const { id, businessId, category, action, at, actor, target, ip, userAgent, details, correlationId } = item as unknown as AuditItem;
  return { id, businessId, category, action, at, actor, target, ip, userAgent, details, correlationId };
}

/** A conditional put: the first delivery writes the entry, a redelivery finds it there and changes nothing. */
export async function putAuditEntry(table: AuditTable, entry: AuditEntry, expiresAt: number): Promise<'written' | 'duplicate'> {
  try {
    await table.client.send(
      new PutCommand({
        TableName: table.name,
        Item: toAuditItem(entry, expiresAt),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return 'written';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'duplicate';
    throw error;
  }
}

export interface AuditQuery {
  businessId: string;
  category?: AuditCategory | undefined;
  actorId?: string | undefined;
  /** Inclusive, UTC ISO. */
  from?: string | undefined;
  /** Exclusive, UTC ISO. */
  to?: string | undefined;
  /** The last entry of the previous page: this page starts just before it. */
  after?: { at: string; id: string } | undefined;
  limit: number;
  now: Date;
}

/**
 * Up to `limit` entries, newest first. Expired entries are skipped here: TTL deletion lags expiry on AWS
 * (up to days) and never happens on dynalite. Filters apply after DynamoDB's own Limit, so it reads on
 * until it has enough or the partition ends.
 */
export async function queryAuditEntries(table: AuditTable, query: AuditQuery): Promise<AuditEntry[]> {
  const { businessId, category, actorId } = query;
  const partition =
    actorId !== undefined
      ? { index: 'byActor', attribute: 'actorKey', value: actorKey(businessId, actorId) }
      : category !== undefined
        ? { index: 'byCategory', attribute: 'categoryKey', value: categoryKey(businessId, category) }
        : { index: undefined, attribute: 'pk', value: businessKey(businessId) };
  const cursor = query.after ? auditSortKey(query.after) : undefined;
  const upper = [query.to, cursor].filter((bound) => bound !== undefined).sort()[0];
  const lower = query.from;
  if (upper !== undefined && lower !== undefined && lower >= upper) return [];

  const names: Record<string, string> = { '#partition': partition.attribute, '#expiresAt': 'expiresAt' };
  const values: Record<string, unknown> = { ':partition': partition.value, ':now': Math.floor(query.now.getTime() / 1000) };
  let range = '';
  if (lower !== undefined || upper !== undefined) names['#sk'] = 'sk';
  if (lower !== undefined && upper !== undefined) {
    // BETWEEN includes its upper bound; the only key that can equal it is the cursor's, dropped below.
    range = ' AND #sk BETWEEN :lower AND :upper';
    Object.assign(values, { ':lower': lower, ':upper': upper });
  } else if (upper !== undefined) {
    range = ' AND #sk < :upper';
    values[':upper'] = upper;
  } else if (lower !== undefined) {
    range = ' AND #sk >= :lower';
    values[':lower'] = lower;
  }
  const filters = ['#expiresAt > :now'];
  if (actorId !== undefined && category !== undefined) {
    filters.push('#category = :category');
    names['#category'] = 'category';
    values[':category'] = category;
  }

  const entries: AuditEntry[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new QueryCommand({
        TableName: table.name,
        IndexName: partition.index,
        KeyConditionExpression: `#partition = :partition${range}`,
        FilterExpression: filters.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        Limit: query.limit - entries.length + 1,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      if (item.sk !== cursor) entries.push(fromAuditItem(item));
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined && entries.length < query.limit);
  return entries.slice(0, query.limit);
}
