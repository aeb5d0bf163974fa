import type { SQSClient } from '@aws-sdk/client-sqs';
import { awsClients, destroyClients } from '@loyalty/topology';
import type { Command } from 'commander';
import pg from 'pg';
import { LOCAL_ENVIRONMENT, loadOpsConfig } from './ops-config.js';

interface GlobalOptions {
  env: string;
  json: boolean;
}

/** What a command works with: the environment's SQS, its database when asked for, and the output. */
export interface Ops {
  prefix: string;
  sqs: SQSClient;
  /** Where SQS is reached, for headings. */
  sqsTarget: string;
  database(): pg.Pool;
  /** The database, or undefined (with a warning) when none is configured or it cannot be reached. */
  databaseIfReachable(): Promise<pg.Pool | undefined>;
  /** Prints `data` as JSON with --json, else what `render` makes of it. */
  print<T>(data: T, render: (data: T) => string): void;
}

/** Runs a command's work against the environment of its global options; prints any failure as one readable line. */
export async function withOps(command: Command, work: (ops: Ops) => Promise<void>): Promise<void> {
  const options = command.optsWithGlobals<GlobalOptions>();
  let pool: pg.Pool | undefined;
  let clients: ReturnType<typeof awsClients> | undefined;
  try {
    const config = loadOpsConfig(options.env);
    clients = awsClients(undefined, config.awsEnv);
    const database = () => {
      if (!config.databaseUrl) throw new Error(`DATABASE_URL is not set: give the database of environment ${config.prefix}`);
      pool ??= new pg.Pool({ connectionString: config.databaseUrl, max: 2 });
      return pool;
    };
    const warn = (message: string) => process.stderr.write(`warning: ${message}\n`);
    await work({
      prefix: config.prefix,
      sqs: clients.sqs,
      sqsTarget: clients.endpoints.sqs ?? `AWS ${await clients.sqs.config.region()}`,
      database,
      async databaseIfReachable() {
        try {
          await database().query('select 1');
          return database();
        } catch (error) {
          warn(`no failure reasons: ${errorMessage(error)}`);
          return undefined;
        }
      },
      print: (data, render) => process.stdout.write(`${options.json ? JSON.stringify(data, null, 2) : render(data)}\n`),
    });
  } catch (error) {
    const hint = options.env === LOCAL_ENVIRONMENT && isConnectionRefused(error) ? ' (is `npm start` running?)' : '';
    process.stderr.write(`ops: ${errorMessage(error)}${hint}\n`);
    process.exitCode = 1;
  } finally {
    await pool?.end();
    if (clients) destroyClients(clients);
  }
}

function errorMessage(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors.map(errorMessage).join('; ');
  return error instanceof Error ? error.message || error.name : String(error);
}

function isConnectionRefused(error: unknown): boolean {
  if (error instanceof AggregateError) return error.errors.some(isConnectionRefused);
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ECONNREFUSED';
}
