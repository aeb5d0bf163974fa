import { waitFor } from '@loyalty/testing';
import { listenForNotifications } from '../src/index.js';
import { openOutboxDatabase, type OutboxDatabase } from './support/outbox-database.js';
import { testLogger } from './support/relay.js';

let db: OutboxDatabase;
beforeAll(async () => {
  db = await openOutboxDatabase();
});
afterAll(async () => {
  await db.close();
});

async function listeningSessions(): Promise<number[]> {
  const { rows } = await db.pool.query<{ pid: number }>(
    `select pid from pg_stat_activity where datname = current_database() and query = 'listen settled_test'`,
  );
  return rows.map((row) => row.pid);
}

test('hears every notification, comes back on one new session after Postgres ends its own, and leaves none after close()', async () => {
  const heard: string[] = [];
  let connects = 0;
  const listener = listenForNotifications({
    clientConfig: { connectionString: db.url },
    channel: 'settled_test',
    logger: testLogger(),
    onNotification: (payload) => heard.push(payload),
    onConnect: () => {
      connects += 1;
    },
    minReconnectDelayMs: 10,
  });
  try {
    const [first] = await waitFor(
      async () => {
        const sessions = await listeningSessions();
        return sessions.length === 1 ? sessions : undefined;
      },
      { description: 'one listening session' },
    );
    await db.pool.query(`select pg_notify('settled_test', 'before')`);
    await waitFor(() => heard.includes('before'), { description: 'the first notification' });

    await db.pool.query('select pg_terminate_backend($1)', [first]);
    const [second] = await waitFor(
      async () => {
        const sessions = await listeningSessions();
        return sessions.length === 1 && sessions[0] !== first ? sessions : undefined;
      },
      { description: 'a new listening session' },
    );
    await waitFor(() => connects === 2, { description: 'the reconnect reported' });
    await db.pool.query(`select pg_notify('settled_test', 'after')`);
    await waitFor(() => heard.includes('after'), { description: 'a notification after the reconnect' });
    expect(await listeningSessions()).toEqual([second]);
  } finally {
    await listener.close();
  }
  await noSessionLeft();
});

test('close() while it is still connecting leaves no session behind', async () => {
  const listener = listenForNotifications({
    clientConfig: { connectionString: db.url },
    channel: 'settled_test',
    logger: testLogger(),
    onNotification: () => undefined,
    onConnect: () => undefined,
  });
  await listener.close();
  await noSessionLeft();
});

// A closed connection's backend leaves pg_stat_activity a moment after the client's end() resolves; a leaked one never does.
const noSessionLeft = () => waitFor(async () => (await listeningSessions()).length === 0, { timeoutMs: 2_000, description: 'no listening session left' });
