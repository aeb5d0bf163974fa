import { createServer, connect, type Server, type Socket } from 'node:net';
import { uniquePrefix, waitFor } from '@loyalty/testing';
import { createRelay } from '../src/index.js';
import { createSubscribedQueue, snsClient, sqsClient, type SubscribedQueue } from './support/aws.js';
import { openOutboxDatabase, outboxState, writeCommittedEvents, type OutboxDatabase } from './support/outbox-database.js';
import { testLogger } from './support/relay.js';

/** SNS behind a gate: while it is held, requests hang (the relay sits in its claim transaction); once opened, it forwards. */
async function heldSns(target: string): Promise<{ endpoint: string; held: () => number; open: () => void; close: () => Promise<void> }> {
  const { hostname, port } = new URL(target);
  const waiting = new Set<Socket>();
  const sockets = new Set<Socket>();
  let holding = true;
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (holding) {
      waiting.add(client);
      return;
    }
    const upstream = connect(Number(port), hostname);
    upstream.on('error', () => undefined);
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    endpoint: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    held: () => waiting.size,
    open: () => {
      holding = false;
      for (const socket of waiting) socket.destroy();
      waiting.clear();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const sns = snsClient();
const sqs = sqsClient();
let db: OutboxDatabase;
let loyalty: SubscribedQueue;

beforeAll(async () => {
  db = await openOutboxDatabase();
  loyalty = await createSubscribedQueue(sns, sqs, uniquePrefix('outbox-conn-loss'));
});
afterAll(async () => {
  await db.close();
  sns.destroy();
  sqs.destroy();
});

// Postgres ends every session of the database (a failover, or `drop database … with (force)`) while the
// relay holds a connection in its claim transaction, waiting on SNS: pg then emits 'error' on a client that
// no pool listens to any more. Unhandled, that kills the process; handled, the relay carries on.
test('a relay survives Postgres terminating its connections in the middle of a drain, and publishes once it can', async () => {
  const gate = await heldSns(process.env.AWS_ENDPOINT_URL_SNS!);
  const gatedSns = snsClient({ endpoint: gate.endpoint, maxAttempts: 1 });
  const relay = createRelay({
    databaseUrl: db.url,
    sns: gatedSns,
    topicArn: () => loyalty.topicArn,
    logger: testLogger(),
    options: { pollIntervalMs: 100, publishTimeoutMs: 10_000, backoff: () => 0, breaker: { volumeThreshold: 1_000 } },
  });
  relay.start();
  try {
    const [id] = await writeCommittedEvents(db.orm, 1);
    await waitFor(async () => gate.held() > 0 && (await sessions("state = 'idle in transaction'")) > 0 && (await sessions("query = 'listen outbox'")) > 0, {
      description: 'the relay listening, and waiting on SNS inside its claim',
    });

    const terminated = await db.pool.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    expect(terminated.rowCount).toBeGreaterThanOrEqual(2);
    gate.open();

    await waitFor(async () => (await outboxState(db.pool, [id!])).get(id!)?.published_at ?? undefined, {
      description: 'the event published after the connections came back',
    });
  } finally {
    await relay.stop();
    gatedSns.destroy();
    await gate.close();
  }
});

async function sessions(condition: string): Promise<number> {
  const { rows } = await db.pool.query<{ n: string }>(
    `select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and ${condition}`,
  );
  return Number(rows[0]?.n);
}
