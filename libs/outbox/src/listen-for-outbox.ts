import type { Logger } from '@loyalty/platform';
import pg, { type ClientConfig } from 'pg';

export interface OutboxListenerOptions {
  clientConfig: ClientConfig;
  logger: Logger;
  /** Called on every NOTIFY and after each (re)connect, since notifications sent while away are lost. */
  onWake: () => void;
  minReconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
}

export interface OutboxListener {
  close(): Promise<void>;
}

/** LISTEN outbox on a dedicated connection (a pooled one would be handed to others), reconnecting with backoff. */
export function listenForOutbox({
  clientConfig,
  logger,
  onWake,
  minReconnectDelayMs = 250,
  maxReconnectDelayMs = 30_000,
}: OutboxListenerOptions): OutboxListener {
  let closed = false;
  let current: pg.Client | undefined;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let reconnectDelay = minReconnectDelayMs;

  const scheduleReconnect = () => {
    if (closed) return;
    reconnectTimer = setTimeout(() => void connect(), reconnectDelay);
    reconnectTimer.unref();
    reconnectDelay = Math.min(maxReconnectDelayMs, reconnectDelay * 2);
  };

  const connect = async () => {
    const client = new pg.Client(clientConfig);
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (current === client) current = undefined;
      client.end().catch(() => undefined);
      if (closed) return;
      logger.warn({ err: error }, 'outbox listener lost its connection; reconnecting');
      scheduleReconnect();
    };
    client.on('notification', () => onWake());
    client.on('error', onLost);
    client.on('end', () => onLost());
    try {
      await client.connect();
      await client.query('listen outbox');
    } catch (error) {
      onLost(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (closed || lost) {
      await client.end().catch(() => undefined);
      return;
    }
    current = client;
    reconnectDelay = minReconnectDelayMs;
    logger.debug('outbox listener connected');
    onWake();
  };

  void connect();
  return {
    async close() {
      closed = true;
      clearTimeout(reconnectTimer);
      await current?.end().catch(() => undefined);
      current = undefined;
    },
  };
}
