import { randomUUID } from 'node:crypto';
import { CreateTopicCommand, PublishBatchCommand, SubscribeCommand, type PublishBatchRequestEntry, type SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, PurgeQueueCommand } from '@aws-sdk/client-sqs';
import { createRelay } from '@loyalty/outbox';
import { createLogger } from '@loyalty/platform';
import { awsClients, destroyClients } from '@loyalty/topology';
import { createTestDatabase } from '@loyalty/testing';
import pg from 'pg';
import { startTestEnvironment } from '../../test/test-environment.js';
import { startEmulatorsProcess, type EmulatorsProcess } from './emulators-process.js';
import { countUnpublished, insertRecordedRows } from './outbox-rows.js';
import { rawEntries } from './relay-throughput.js';
import { processCpuMs } from './process-cpu.js';

/**
 * Where the relay's time goes against raw PublishBatch, one run after another, to the topic with an SQS
 * subscriber: events/s, CPU per event of this process, the emulators' process and the relay's PostgreSQL
 * backends, the share of time with all or none of the requests in flight and their mean, and (relay) the
 * mean latency of each statement. `tsx scripts/bench/relay-probe.ts`; PROBE_KINDS (lockstep: 10 requests
 * at a time, all awaited; raw: 10 in flight, the next as soon as any answers; relay), PROBE_EVENTS,
 * PROBE_ROUNDS (the order alternates), PROBE_WORKERS, PROBE_DEPTH (the relay's pipelineDepth),
 * PROBE_WINDOWS (prints each run's hrtime span in µs, to cut a --cpu-prof profile to it).
 */
const events = Number(process.env.PROBE_EVENTS ?? 20_000);
const rounds = Number(process.env.PROBE_ROUNDS ?? 2);
const kinds = (process.env.PROBE_KINDS ?? 'lockstep,raw,relay').split(',');
const workers = Number(process.env.PROBE_WORKERS ?? 1);

const depth = process.env.PROBE_DEPTH ? Number(process.env.PROBE_DEPTH) : undefined;
const statementMs = new Map<string, { count: number; ms: number }>();
const originalQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (this: pg.Client, ...args: unknown[]) {
  const result = originalQuery.apply(this, args);
  const text = typeof args[0] === 'string' ? args[0] : '';
  if (!(result instanceof Promise) || !text) return result;
  const key = text.trim().split(/\s+/)[0] ?? '?';
  const started = performance.now();
  return result.finally(() => {
    const entry = statementMs.get(key) ?? { count: 0, ms: 0 };
    entry.count++;
    entry.ms += performance.now() - started;
    statementMs.set(key, entry);
  });
};

let inFlight = 0;
let lastChange = 0;
const timeAt = new Array<number>(64).fill(0);
function track(delta: number) {
  const now = performance.now();
  timeAt[inFlight] = (timeAt[inFlight] ?? 0) + now - lastChange;
  lastChange = now;
  inFlight += delta;
}

function counted(sns: SNSClient): SNSClient {
  const send = sns.send.bind(sns) as (...args: unknown[]) => Promise<unknown>;
  return new Proxy(sns, {
    get(target, key, receiver) {
      if (key !== 'send') return Reflect.get(target, key, receiver);
      return async (...args: unknown[]) => {
        track(1);
        try {
          return await send(...args);
        } finally {
          track(-1);
        }
      };
    },
  });
}

let emulators: EmulatorsProcess | undefined;
const teardown = await startTestEnvironment({
  startEmulators: async (dataDir) => {
    emulators = await startEmulatorsProcess(dataDir);
    return emulators;
  },
});
const clients = awsClients();
const sns = counted(clients.sns);
const sqs = clients.sqs;
const db = await createTestDatabase();
const pool = new pg.Pool({ connectionString: db.url, max: 2 });
const tag = randomUUID().slice(0, 8);
const topicArn = (await sns.send(new CreateTopicCommand({ Name: `probe-${tag}` }))).TopicArn ?? '';
const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `probe-${tag}` }))).QueueUrl ?? '';
const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
await sns.send(
  new SubscribeCommand({
    TopicArn: topicArn,
    Protocol: 'sqs',
    Endpoint: Attributes?.QueueArn,
    Attributes: { RawMessageDelivery: 'true', FilterPolicy: JSON.stringify({ eventType: ['transaction.recorded'] }) },
  }),
);

async function backendPids(): Promise<number[]> {
  const { rows } = await pool.query<{ pid: number }>(
    "select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()",
  );
  return rows.map((row) => row.pid);
}

async function measure(label: string, prepare: () => Promise<() => Promise<void>>) {
  const work = await prepare();
  await sqs.send(new PurgeQueueCommand({ QueueUrl: queueUrl }));
  const pids = await backendPids();
  const pgBefore = await Promise.all(pids.map(processCpuMs));
  const emuBefore = await processCpuMs(emulators?.pid);
  const selfBefore = process.cpuUsage();
  timeAt.fill(0);
  statementMs.clear();
  lastChange = performance.now();
  const started = performance.now();
  const fromUs = process.hrtime.bigint() / 1000n;
  await work();
  const ms = performance.now() - started;
  if (process.env.PROBE_WINDOWS) console.log(`window ${label} ${fromUs} ${process.hrtime.bigint() / 1000n}`);
  track(0);
  const self = process.cpuUsage(selfBefore);
  const emu = (await processCpuMs(emulators?.pid)) - emuBefore;
  const pgAfter = await Promise.all(pids.map(processCpuMs));
  const pgMs = pgAfter.reduce((sum, after, i) => sum + (Number.isNaN(after) ? 0 : after - (pgBefore[i] ?? 0)), 0);
  const perEvent = (x: number) => ((x / events) * 1000).toFixed(1);
  const fullPct = (((timeAt[10 * workers] ?? 0) / ms) * 100).toFixed(0);
  const zeroPct = (((timeAt[0] ?? 0) / ms) * 100).toFixed(0);
  console.log(
    `${label.padEnd(8)} ${[...statementMs].map(([key, { count, ms }]) => `${key} ${count}x${(ms / count).toFixed(2)}ms`).join(' ')}\n       ` +
      `${label.padEnd(8)} ${((events / ms) * 1000).toFixed(0).padStart(6)}/s  µs CPU per event: self ${perEvent((self.user + self.system) / 1000)} emulators ${perEvent(emu)} postgres ${perEvent(pgMs)}  in flight: full ${fullPct}% none ${zeroPct}%  mean ${(timeAt.reduce((s, t, i) => s + t * i, 0) / ms).toFixed(2)}`,
  );
}

async function lockstep(): Promise<() => Promise<void>> {
  const all = rawEntries(events);
  return async () => {
    let cursor = 0;
    const worker = async () => {
      while (cursor < all.length) {
        const claimed = all.slice(cursor, cursor + 100);
        cursor += claimed.length;
        const requests: PublishBatchRequestEntry[][] = [];
        for (let i = 0; i < claimed.length; i += 10) requests.push(claimed.slice(i, i + 10));
        await Promise.all(requests.map((request) => sns.send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: request }))));
      }
    };
    await Promise.all(Array.from({ length: workers }, worker));
  };
}

async function rawSliding(): Promise<() => Promise<void>> {
  const all = rawEntries(events);
  return async () => {
    let cursor = 0;
    const sender = async () => {
      while (cursor < all.length) {
        const request = all.slice(cursor, cursor + 10);
        cursor += request.length;
        await sns.send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: request }));
      }
    };
    await Promise.all(Array.from({ length: workers * 10 }, sender));
  };
}

const logger = createLogger('probe', 'silent');
async function relay(): Promise<() => Promise<void>> {
  const relays = Array.from({ length: workers }, () =>
    createRelay({ databaseUrl: db.url, sns, topicArn: () => topicArn, logger, options: { listen: false, ...(depth ? { pipelineDepth: depth } : {}) } }),
  );
  await pool.query('truncate messaging.outbox');
  // opens every lane's connection before the timing, as a running relay has them
  await Promise.all(relays.map((r) => r.drainBacklog()));
  await insertRecordedRows(pool, events);
  await pool.query('analyze messaging.outbox');
  return async () => {
    await Promise.all(relays.map((r) => r.drainBacklog()));
    const left = await countUnpublished(pool);
    if (left !== 0) throw new Error(`${left} left`);
    await Promise.all(relays.map((r) => r.stop()));
  };
}

try {
  for (let round = 0; round < rounds; round++) {
    for (const kind of round % 2 === 0 ? kinds : [...kinds].reverse()) await measure(kind, { lockstep, raw: rawSliding, relay }[kind] ?? relay);
  }
} finally {
  await pool.end();
  await db.drop();
  destroyClients(clients);
  await teardown();
}
