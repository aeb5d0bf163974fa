import type { Logger } from '@loyalty/platform';
import pg, { type ClientConfig } from 'pg';

export interface NotificationListenerOptions {
  clientConfig: ClientConfig;
  /** A plain identifier: it is written into the LISTEN statement. */
  channel: string;
  logger: Logger;
  onNotification: (payload: string) => void;
  /** Called after each (re)connect, since notifications sent while away are lost. */
  onConnect: () => void;
  minReconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
}

export interface NotificationListener {
  close(): Promise<void>;
}

/**
 * LISTEN on a dedicated connection (a pooled one would be handed to others), reconnecting with backoff
 * whenever Postgres ends the session. One connection at a time, and none left once close() resolves.
 */
export function listenForNotifications({
  clientConfig,
  channel,
  logger,
  onNotification,
  onConnect,
  minReconnectDelayMs = 250,
  maxReconnectDelayMs = 30_000,
}: NotificationListenerOptions): NotificationListener {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  let closed = false;
  let current: pg.Client | undefined;
  let connecting: Promise<void> | undefined;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let reconnectDelay = minReconnectDelayMs;

  const scheduleReconnect = () => {
    if (closed) return;
    reconnectTimer = setTimeout(() => {
      connecting = connect();
    }, reconnectDelay);
    reconnectTimer.unref();
    reconnectDelay = Math.min(maxReconnectDelayMs, reconnectDelay * 2);
  };

  const connect = async () => {
    const client = new pg.Client(clientConfig);
    let lost = false;
    // pg reports one loss as several events ('error' with the server's reason, 'error' for the socket, 'end'): react once.
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (current === client) current = undefined;
      client.end().catch(() => undefined);
      if (closed) return;
      logger.warn({ err: error, channel }, 'notification listener lost its connection; reconnecting');
      scheduleReconnect();
    };
    client.on('notification', (message) => onNotification(message.payload ?? ''));
    client.on('error', onLost);
    client.on('end', () => onLost());
    try {
      await client.connect();
      await client.query(`listen ${channel}`);
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
    logger.debug({ channel }, 'notification listener connected');
    onConnect();
  };

  connecting = connect();
  return {
    async close() {
      closed = true;
      clearTimeout(reconnectTimer);
      // A connect under way sees `closed` and ends its own client.
      await connecting;
      await current?.end().catch(() => undefined);
      current = undefined;
    },
  };
}
