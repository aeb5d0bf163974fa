import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TrackedToken } from '../domain/session-tokens.js';

/** A signed-in device: one Cognito refresh token and the access tokens it was given through us. */
export interface DeviceSession {
  sub: string;
  id: string;
  deviceLabel: string;
  /** Where it was last used from: at sign-in, then at each refresh. */
  ip: string | null;
  createdAt: Date;
  /** The sign-in or the latest refresh: a device refreshes at least once an access-token lifetime while in use. */
  lastUsedAt: Date;
  /** The refresh token's own end; the item's TTL. */
  expiresAt: Date;
  sealedRefreshToken: string;
  accessTokens: TrackedToken[];
  /** Bumped by every update, so two refreshes of one session cannot lose each other's token. */
  version: number;
}

export type SessionUpdate = Pick<DeviceSession, 'ip' | 'lastUsedAt' | 'accessTokens' | 'sealedRefreshToken'>;

export interface DeviceSessions {
  create(session: DeviceSession): Promise<void>;
  /** Null when absent or past its expiry (dynalite keeps expired items; AWS deletes them within days). */
  find(sub: string, id: string): Promise<DeviceSession | null>;
  list(sub: string): Promise<DeviceSession[]>;
  /** `stale` when another update came first, `gone` when the session was deleted meanwhile. */
  update(session: DeviceSession, changes: SessionUpdate): Promise<'updated' | 'stale' | 'gone'>;
  /** Deletes it and answers it as it was at that moment (every token it was given), or null when there was none. */
  remove(sub: string, id: string): Promise<DeviceSession | null>;
}

/**
 * One item per session under its customer: pk `CUSTOMER#<sub>`, sk `SESSION#<id>`. Listing is one
 * strongly consistent Query on the customer's partition; a session another customer names is simply
 * not under the caller's key. `expiresAt` (epoch seconds) is the table's TTL attribute.
 */
interface SessionItem {
  pk: string;
  sk: string;
  deviceLabel: string;
  ip: string | null;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: number;
  sealedRefreshToken: string;
  accessTokens: TrackedToken[];
  version: number;
}

const SESSION = 'SESSION#';
const partitionOf = (sub: string) => `CUSTOMER#${sub}`;

export function dynamoDeviceSessions(client: DynamoDBDocumentClient, table: string, now: () => Date = () => new Date()): DeviceSessions {
  const live = (item: SessionItem | undefined): DeviceSession | null => (item && item.expiresAt * 1000 > now().getTime() ? sessionOf(item) : null);
  const key = (sub: string, id: string) => ({ pk: partitionOf(sub), sk: `${SESSION}${id}` });

  return {
    async create(session) {
      await client.send(new PutCommand({ TableName: table, Item: itemOf(session), ConditionExpression: 'attribute_not_exists(pk)' }));
    },
    async find(sub, id) {
      const { Item } = await client.send(new GetCommand({ TableName: table, Key: key(sub, id), ConsistentRead: true }));
      return live(Item as SessionItem | undefined);
    },
    async list(sub) {
      const sessions: DeviceSession[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :pk and begins_with(sk, :session)',
            ExpressionAttributeValues: { ':pk': partitionOf(sub), ':session': SESSION },
            ConsistentRead: true,
            ExclusiveStartKey,
          }),
        );
        for (const item of (page.Items ?? []) as SessionItem[]) {
          const session = live(item);
          if (session) sessions.push(session);
        }
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return sessions;
    },
    async update(session, changes) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: table,
            Key: key(session.sub, session.id),
            UpdateExpression: 'SET ip = :ip, lastUsedAt = :lastUsedAt, accessTokens = :accessTokens, sealedRefreshToken = :sealed, version = :next',
            ConditionExpression: 'version = :version',
            ExpressionAttributeValues: {
              ':ip': changes.ip,
              ':lastUsedAt': changes.lastUsedAt.toISOString(),
              ':accessTokens': changes.accessTokens,
              ':sealed': changes.sealedRefreshToken,
              ':version': session.version,
              ':next': session.version + 1,
            },
          }),
        );
        return 'updated';
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        return (await this.find(session.sub, session.id)) ? 'stale' : 'gone';
      }
    },
    async remove(sub, id) {
      try {
        const { Attributes } = await client.send(
          new DeleteCommand({ TableName: table, Key: key(sub, id), ConditionExpression: 'attribute_exists(pk)', ReturnValues: 'ALL_OLD' }),
        );
        return live(Attributes as SessionItem | undefined);
      } catch (error) {
        if (isConditionFailure(error)) return null;
        throw error;
      }
    },
  };
}

function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

function itemOf(session: DeviceSession): SessionItem {
  return {
    pk: partitionOf(session.sub),
    sk: `${SESSION}${session.id}`,
    deviceLabel: session.deviceLabel,
    ip: session.ip,
    createdAt: session.createdAt.toISOString(),
    lastUsedAt: session.lastUsedAt.toISOString(),
    expiresAt: Math.floor(session.expiresAt.getTime() / 1000),
    sealedRefreshToken: session.sealedRefreshToken,
    accessTokens: session.accessTokens,
    version: session.version,
  };
}

function sessionOf(item: SessionItem): DeviceSession {
  return {
    sub: item.pk.slice('CUSTOMER#'.length),
    id: item.sk.slice(SESSION.length),
    deviceLabel: item.deviceLabel,
    ip: item.ip ?? null,
    createdAt: new Date(item.createdAt),
    lastUsedAt: new Date(item.lastUsedAt),
    expiresAt: new Date(item.expiresAt * 1000),
    sealedRefreshToken: item.sealedRefreshToken,
    accessTokens: item.accessTokens ?? [],
    version: item.version,
  };
}
