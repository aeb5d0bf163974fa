import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitUntil } from '@loyalty/local-stack';
import { formatLine } from './log-formatter.js';
import { HOST, isFree, PORTS } from './ports.js';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export type RedisServer =
  | { status: 'existing' | 'started'; url: string; stop(): Promise<void> }
  | { status: 'unavailable'; reason: string; stop(): Promise<void> };

/**
 * Uses the Redis at `url` when it answers PING; otherwise starts `redis-server` from PATH, in memory
 * only, on PORTS.redis. Nothing needs Redis yet, so having none is a warning, not a failure.
 */
export async function ensureRedis(url = DEFAULT_REDIS_URL): Promise<RedisServer> {
  const noop = async () => {};
  if (await answersPing(url)) return { status: 'existing', url, stop: noop };

  const port = PORTS.redis;
  if (!(await isFree(port))) throw new Error(`${url} does not answer and port ${port}, where a local redis-server would go, is taken`);
  const child = spawn('redis-server', ['--bind', HOST, '--port', String(port), '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const spawned = await Promise.race([once(child, 'spawn').then(() => undefined), once(child, 'error').then(([error]) => error as Error)]);
  if (spawned) return { status: 'unavailable', reason: `${url} does not answer and redis-server could not start (${spawned.message})`, stop: noop };
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => process.stdout.write(`${formatLine('redis', line)}\n`));
  }

  const started = `redis://${HOST}:${port}`;
  try {
    await waitUntil(`redis-server on ${started}`, async () => child.exitCode !== null || (await answersPing(started)));
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode} before answering`);
  return { status: 'started', url: started, stop: () => stopRedis(child) };
}

async function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const closed = once(child, 'close');
  child.kill('SIGTERM');
  if (await Promise.race([closed.then(() => true), sleep(5_000).then(() => false)])) return;
  child.kill('SIGKILL');
  await closed;
}

// A raw PING keeps this free of a Redis client; a server that wants a password still answers -NOAUTH.
function answersPing(url: string, timeoutMs = 1_000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(/^(\+PONG|-NOAUTH)/.test(data.toString())));
  });
}
