import { Redis } from 'ioredis';
import type { Logger } from '@loyalty/platform';
import type { CheckStatus } from '@loyalty/platform/http';

/** The shared Redis client, or none: every user of it must also work without it (per-process memory). */
export interface RedisConnection {
  /** Undefined when no REDIS_URL is configured. */
  readonly client: Redis | undefined;
  isReady(): boolean;
  /** For /readyz: Redis is never a reason to stop serving, so an outage (or no Redis) is `degraded`. */
  status(): CheckStatus;
  close(): Promise<void>;
}

/**
 * Connects lazily and never blocks start-up: commands fail fast while Redis is away (no offline
 * queue, short timeouts), so callers fall back at once instead of hanging a request, and ioredis
 * reconnects in the background. An outage is logged once when it starts and once when it ends,
 * not once per failed command or reconnect attempt.
 */
export function connectRedis(url: string | undefined, logger: Logger): RedisConnection {
  if (!url) {
    logger.warn('REDIS_URL is not set: rate limits, the token denylist and the principal cache are per process');
    return { client: undefined, isReady: () => false, status: () => 'degraded', close: async () => {} };
  }
  const client = new Redis(url, {
    lazyConnect: true,
    // Concurrent requests' commands (denylist, rate limit, principal cache) share one write and one read.
    enableAutoPipelining: true,
    enableOfflineQueue: false,
    connectTimeout: 1000,
    commandTimeout: 500,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  let down = false;
  let closing = false;
  const markDown = (error?: unknown) => {
    if (down || closing) return;
    down = true;
    logger.error({ err: error }, 'redis unavailable: falling back to per-process memory');
  };
  client.on('ready', () => {
    if (down) logger.info('redis available again');
    down = false;
  });
  client.on('error', markDown);
  client.on('close', () => markDown());
  client.connect().catch(markDown);

  return {
    client,
    isReady: () => client.status === 'ready',
    status: () => (client.status === 'ready' ? 'ok' : 'degraded'),
    async close() {
      closing = true;
      client.disconnect();
    },
  };
}
