import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ensurePostgres, type PostgresServer } from '../src/index.js';
import { freePort } from '../src/listen.js';
import { listenersOn } from './loopback-listeners.js';

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ensure-postgres-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('show server_version');
    return rows[0]?.server_version ?? '';
  } finally {
    await client.end();
  }
}

it('starts an embedded PostgreSQL when nothing answers at the url', async () => {
  const unused = `postgres://postgres@127.0.0.1:${await freePort()}/postgres`;
  const postgres: PostgresServer = await ensurePostgres({ url: unused, dataDir: join(dataDir, 'embedded') });
  try {
    expect(postgres.embedded).toBe(true);
    const { hostname, port } = new URL(postgres.url);
    expect(listenersOn(port)).toEqual([`${hostname}:${port}`]);
    expect(hostname).toBe('127.0.0.1');
    expect(await serverVersion(postgres.url)).toMatch(/^18\./);
  } finally {
    await postgres.stop();
  }
  await expect(serverVersion(postgres.url)).rejects.toThrow();
}, 60_000);

it('uses the server that answers at the url', async () => {
  const embedded = await ensurePostgres({ url: `postgres://postgres@127.0.0.1:${await freePort()}/postgres`, dataDir: join(dataDir, 'first') });
  try {
    const reused = await ensurePostgres({ url: embedded.url, dataDir: join(dataDir, 'second') });
    expect(reused).toMatchObject({ url: embedded.url, embedded: false });
    await reused.stop();
    expect(await serverVersion(embedded.url)).toMatch(/^18\./);
  } finally {
    await embedded.stop();
  }
}, 60_000);
