import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { waitFor } from '@loyalty/testing';
import { createLogger } from '@loyalty/platform';
import { BACKLOG_LOG_MESSAGE, writeEvent } from '../src/index.js';
import { snsClient } from './support/aws.js';
import { openOutboxDatabase, transactionRecordedPayload, type OutboxDatabase } from './support/outbox-database.js';
import { testRelay } from './support/relay.js';

interface LogLine {
  level: string;
  msg: string;
  pending?: number;
  oldestPendingAgeSeconds?: number;
}

/** The relay's logger, its JSON lines captured instead of going to stdout (and from there to CloudWatch). */
function capturedLogger() {
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return { logger: createLogger('outbox-relay', 'info', sink), backlogLines: () => lines.filter((line) => line.msg === BACKLOG_LOG_MESSAGE) };
}

const sns = snsClient();
let db: OutboxDatabase;

beforeAll(async () => {
  db = await openOutboxDatabase();
});
afterAll(async () => {
  await db.close();
  sns.destroy();
});

test('the relay logs its backlog every interval: 0 while nothing waits, then the age of the oldest row SNS did not take', async () => {
  const { logger, backlogLines } = capturedLogger();
  // No such topic: every publish fails, so rows stay pending the way they do while SNS is down.
  const relay = testRelay(
    db.pool,
    sns,
    () => 'arn:aws:sns:us-east-1:000000000000:no-such-topic',
    { backlogReportIntervalMs: 100, backoff: () => 60_000 },
    logger,
  );
  relay.start();
  try {
    // terraform/src/monitoring.ts turns exactly this message and field into the backlog metric.
    expect(BACKLOG_LOG_MESSAGE).toBe('outbox backlog');
    const idle = await waitFor(async () => backlogLines()[0], { description: 'a first backlog line' });
    expect(idle).toMatchObject({ pending: 0, oldestPendingAgeSeconds: 0 });

    // Written two minutes in the past, in the one transaction, so no report can see the row younger.
    await db.orm.em.fork().transactional(async (em) => {
      const payload = transactionRecordedPayload();
      const envelope = await writeEvent(em, { type: 'transaction.recorded', businessId: randomUUID(), aggregateId: payload.transactionId, payload });
      await em.execute(`update messaging.outbox set created_at = now() - interval '2 minutes' where id = ?`, [envelope.id]);
    });

    const behind = await waitFor(async () => backlogLines().find((line) => (line.pending ?? 0) > 0), { description: 'a backlog line with the row' });
    expect(behind.pending).toBe(1);
    expect(behind.oldestPendingAgeSeconds).toBeGreaterThanOrEqual(120);
    expect(behind.oldestPendingAgeSeconds).toBeLessThan(150);
  } finally {
    await relay.stop();
  }
  // Proving that nothing comes takes time: three report intervals (100 ms) in which a live timer would log.
  const afterStop = backlogLines().length;
  await new Promise((resolve) => setTimeout(resolve, 3 * 100));
  expect(backlogLines()).toHaveLength(afterStop);
});
