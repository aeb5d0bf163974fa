import { snsClient } from './support/aws.js';
import { openOutboxDatabase, writeCommittedEvents, type OutboxDatabase } from './support/outbox-database.js';
import { testRelay } from './support/relay.js';

const sns = snsClient();
let db: OutboxDatabase;

beforeAll(async () => {
  db = await openOutboxDatabase();
});
afterAll(async () => {
  await db.close();
  sns.destroy();
});

test('clean-up deletes only rows published before the retention window, in bounded batches', async () => {
  const [oldA, oldB, oldC, recent, pending, parked] = await writeCommittedEvents(db.orm, 6);
  const age = async (id: string | undefined, column: 'published_at' | 'parked_at', days: number) => {
    await db.pool.query(`update messaging.outbox set ${column} = now() - $2 * interval '1 day', created_at = now() - interval '30 days' where id = $1`, [
      id,
      days,
    ]);
  };
  await age(oldA, 'published_at', 10);
  await age(oldB, 'published_at', 10);
  await age(oldC, 'published_at', 8);
  await age(recent, 'published_at', 6);
  await age(parked, 'parked_at', 20);
  await db.pool.query(`update messaging.outbox set created_at = now() - interval '30 days' where id = $1`, [pending]);

  const relay = testRelay(db.pool, sns, () => 'unused', { retentionMs: 7 * 24 * 60 * 60 * 1000, cleanupBatchSize: 2 });
  expect(await relay.cleanupOnce()).toBe(3);

  const { rows } = await db.pool.query<{ id: string }>('select id from messaging.outbox order by id');
  expect(rows.map((row) => row.id).sort()).toEqual([recent, pending, parked].sort());
});
