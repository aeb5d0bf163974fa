import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import pg from 'pg';
import type { SQSRecord } from 'aws-lambda';
import type { SqsBatchHandler } from '@loyalty/consumers';
import { awsClients, destroyClients } from '@loyalty/topology';
import { processCpuMs } from './process-cpu.js';

/**
 * One round of `consumer-cpu.ts`: loads the history writer's and analytics' handlers from the tree
 * given (a base checkout or this one), feeds one of them its stream in batches of 10 and prints, as
 * JSON, this process's CPU per event and the statements it sent to PostgreSQL.
 */
export interface ChildInput {
  root: string;
  databaseUrl: string;
  prefix: string;
  stream: 'history' | 'analytics';
  bodies: string[];
  warmupBatches: number;
}

export interface StreamFigures {
  events: number;
  cpuMs: number;
  wallMs: number;
  statements: number;
  /** CPU of the pool's PostgreSQL backends (the round has its database to itself). */
  backendCpuMs: number;
  failures: number;
}

const input = JSON.parse(await readFile(process.argv[2] ?? '', 'utf8')) as ChildInput;
const load = <T>(path: string): Promise<T> => import(pathToFileURL(join(input.root, path)).href) as Promise<T>;
const { openDatabase } = await load<typeof import('@loyalty/db')>('libs/db/src/index.ts');
const { createLogger } = await load<typeof import('@loyalty/platform')>('libs/platform/src/index.ts');
const { documentClient } = await load<typeof import('@loyalty/tables')>('libs/tables/src/index.ts');
const { historyTable } = await load<typeof import('../../services/analytics/src/data-access/history-table.js')>(
  'services/analytics/src/data-access/history-table.ts',
);
const { historyHandler } = await load<typeof import('../../services/analytics/src/entry-points/history-handler.js')>(
  'services/analytics/src/entry-points/history-handler.ts',
);
const { analyticsHandler } = await load<typeof import('../../services/analytics/src/entry-points/analytics-handler.js')>(
  'services/analytics/src/entry-points/analytics-handler.ts',
);

// MikroORM's driver has a pg of its own; count what either sends.
let statements = 0;
const mikroPg = createRequire(createRequire(import.meta.url).resolve('@mikro-orm/postgresql'))('pg') as typeof pg;
for (const Client of new Set([pg.Client, mikroPg.Client])) {
  const query = Client.prototype.query;
  Client.prototype.query = function counted(this: pg.Client, ...args: Parameters<typeof query>) {
    statements += 1;
    return query.apply(this, args);
  } as typeof query;
}

const record = (body: string, index: number): SQSRecord => ({
  messageId: `m-${index}`,
  receiptHandle: `r-${index}`,
  body,
  attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'bench', ApproximateFirstReceiveTimestamp: '0' },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:bench',
  awsRegion: 'us-east-1',
});

async function drive(handler: SqsBatchHandler, bodies: string[]): Promise<StreamFigures> {
  const batches: SQSRecord[][] = [];
  for (let index = 0; index < bodies.length; index += 10) batches.push(bodies.slice(index, index + 10).map((body, offset) => record(body, index + offset)));
  let failures = 0;
  for (const batch of batches.slice(0, input.warmupBatches)) failures += (await handler({ Records: batch })).batchItemFailures.length;
  const measured = batches.slice(input.warmupBatches);
  const backends = await backendPids();
  const backendCpu = () => Promise.all(backends.map(processCpuMs)).then((values) => values.reduce((sum, ms) => sum + ms, 0));
  const backendBefore = await backendCpu();
  const statementsBefore = statements;
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  for (const batch of measured) failures += (await handler({ Records: batch })).batchItemFailures.length;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    events: measured.reduce((sum, batch) => sum + batch.length, 0),
    cpuMs: (cpu.user + cpu.system) / 1000,
    wallMs: performance.now() - wallBefore,
    statements: statements - statementsBefore,
    backendCpuMs: (await backendCpu()) - backendBefore,
    failures,
  };
}

async function backendPids(): Promise<number[]> {
  const probe = new pg.Client({ connectionString: input.databaseUrl });
  await probe.connect();
  try {
    const { rows } = await probe.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
    return rows.map((row) => row.pid);
  } finally {
    await probe.end();
  }
}

const logger = createLogger('consumer-cpu', 'silent');
const orm = await openDatabase({ databaseUrl: input.databaseUrl, poolMax: 2 });
const clients = awsClients();
const handler =
  input.stream === 'history' ? historyHandler(orm, historyTable(documentClient(clients.dynamodb), input.prefix), logger) : analyticsHandler(orm, logger);
const figures = await drive(handler, input.bodies);
await orm.close();
destroyClients(clients);
process.stdout.write(`${JSON.stringify(figures)}\n`);
