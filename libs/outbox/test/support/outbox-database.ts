import { randomUUID } from 'node:crypto';
import { openDatabase, type MikroORM } from '@loyalty/db';
import { createTestDatabase, type TestDatabase } from '@loyalty/testing';
import pg from 'pg';
import { writeEvent } from '../../src/index.js';

export interface OutboxDatabase {
  url: string;
  orm: MikroORM;
  pool: pg.Pool;
  close(): Promise<void>;
}

export async function openOutboxDatabase(): Promise<OutboxDatabase> {
  const database: TestDatabase = await createTestDatabase();
  const orm = await openDatabase({ databaseUrl: database.url, poolMax: 4 });
  const pool = openPool(database.url, 4);
  return {
    url: database.url,
    orm,
    pool,
    async close() {
      await pool.end();
      await orm.close();
      await database.drop();
    },
  };
}

/** A pool that outlives Postgres ending its idle sessions (tests do that on purpose): pg would otherwise throw 'error'. */
export function openPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => undefined);
  return pool;
}

export function transactionRecordedPayload() {
  return {
    transactionId: randomUUID(),
    cardId: randomUUID(),
    programId: randomUUID(),
    storeId: randomUUID(),
    kind: 'visit' as const,
    posTransactionId: `pos-${randomUUID()}`,
    recordedAt: new Date().toISOString(),
  };
}

/** Commits `count` transaction.recorded events, `perTransaction` to a transaction, and returns their ids. */
export async function writeCommittedEvents(orm: MikroORM, count: number, perTransaction = 50): Promise<string[]> {
  const ids: string[] = [];
  const businessId = randomUUID();
  for (let written = 0; written < count; written += perTransaction) {
    await orm.em.fork().transactional(async (em) => {
      for (let i = written; i < Math.min(count, written + perTransaction); i++) {
        const payload = transactionRecordedPayload();
        const envelope = await writeEvent(em, { type: 'transaction.recorded', businessId, aggregateId: payload.transactionId, payload });
        ids.push(envelope.id);
      }
    });
  }
  return ids;
}

export interface OutboxState {
  id: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date;
  published_at: Date | null;
  parked_at: Date | null;
}

export async function outboxState(pool: pg.Pool, ids: readonly string[]): Promise<Map<string, OutboxState>> {
  const { rows } = await pool.query<OutboxState>(
    'select id, attempts, last_error, next_attempt_at, published_at, parked_at from messaging.outbox where id = any($1::uuid[])',
    [ids],
  );
  return new Map(rows.map((row) => [row.id, row]));
}

export async function unpublishedCount(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ count: string }>('select count(*) from messaging.outbox where published_at is null');
  return Number(rows[0]?.count);
}
