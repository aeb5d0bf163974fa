import { randomUUID } from 'node:crypto';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { openDatabase } from '@loyalty/db';
import { writeEvent } from '@loyalty/outbox';
import { ConfigError, createLogger } from '@loyalty/platform';
import { createTestDatabase, uniquePrefix, waitFor, type TestDatabase } from '@loyalty/testing';
import { awsClients, destroyClients, provisionTopology, type ProvisionedTopology } from '@loyalty/topology';
import { loadRelayConfig } from '../src/config.js';
import { startOutboxRelay, type RunningRelay } from '../src/relay-process.js';

const clients = awsClients();
const logger = createLogger('outbox-relay', 'silent');
let db: TestDatabase;
let topology: ProvisionedTopology;
let relay: RunningRelay;

beforeAll(async () => {
  db = await createTestDatabase();
  topology = await provisionTopology(clients, { prefix: uniquePrefix('relay') });
  relay = await startOutboxRelay(loadRelayConfig({ ...process.env, DATABASE_URL: db.url, RESOURCE_PREFIX: topology.prefix, PORT: '0' }), logger);
});
afterAll(async () => {
  await relay?.stop();
  destroyClients(clients);
  await db?.drop();
});

const health = async (url: string, path: string) => {
  const response = await fetch(`${url}${path}`);
  return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
};

test("publishes what a processor commits with no API running: a reward.unlocked reaches the notifier's queue", async () => {
  const orm = await openDatabase({ databaseUrl: db.url, poolMax: 1 });
  const cardId = randomUUID();
  try {
    await orm.em.fork().transactional((em) =>
      writeEvent(em, {
        type: 'reward.unlocked',
        businessId: randomUUID(),
        aggregateId: cardId,
        payload: {
          rewardId: randomUUID(),
          cardId,
          programId: randomUUID(),
          programName: 'Coffee card',
          rewardDescription: 'A free flat white',
          customer: { id: randomUUID(), email: 'ada@example.com', displayName: 'Ada' },
          stampsRequired: 10,
          unlockedAt: new Date().toISOString(),
        },
      }),
    );
  } finally {
    await orm.close();
  }

  const body = await waitFor(
    async () => {
      const { Messages = [] } = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: topology.queues.email.url, WaitTimeSeconds: 1 }));
      return Messages[0]?.Body;
    },
    { description: 'the event in the email queue' },
  );
  expect(JSON.parse(body)).toMatchObject({ type: 'reward.unlocked', aggregate: { type: 'card', id: cardId } });
});

test('answers /healthz and /readyz on its own port, and nothing else', async () => {
  expect(await health(relay.url, '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
  expect(await health(relay.url, '/readyz')).toMatchObject({ status: 200, body: { status: 'ok', checks: { database: 'ok', eventPublishing: 'ok' } } });
  expect(await health(relay.url, '/outbox')).toMatchObject({ status: 404, type: 'application/problem+json', body: { code: 'ROUTE_NOT_FOUND' } });
});

test('says it is not ready (503) while its database does not answer, and still stops cleanly', async () => {
  const unreachable = new URL(db.url);
  unreachable.port = '1';
  const cut = await startOutboxRelay(
    loadRelayConfig({ ...process.env, DATABASE_URL: unreachable.toString(), RESOURCE_PREFIX: topology.prefix, PORT: '0' }),
    logger,
  );
  try {
    expect(await health(cut.url, '/readyz')).toMatchObject({ status: 503, body: { status: 'down', checks: { database: 'down' } } });
    expect((await health(cut.url, '/healthz')).status).toBe(200);
  } finally {
    await cut.stop();
  }
});

test('refuses to start on a bad environment, naming each variable', () => {
  expect(() => loadRelayConfig({ DATABASE_URL: 'mysql://nope', PORT: 'eighty' })).toThrow(ConfigError);
  expect(() => loadRelayConfig({ DATABASE_URL: 'mysql://nope', PORT: 'eighty' })).toThrow(/DATABASE_URL[\s\S]*PORT|PORT[\s\S]*DATABASE_URL/);
});
