import type { Logger } from '@loyalty/platform';
import type { ClientConfig } from 'pg';
import { listenForNotifications, type NotificationListener } from './listen-for-notifications.js';

export interface OutboxListenerOptions {
  clientConfig: ClientConfig;
  logger: Logger;
  /** Called on every NOTIFY from the outbox insert trigger and after each (re)connect. */
  onWake: () => void;
  minReconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
}

export type OutboxListener = NotificationListener;

export function listenForOutbox({ onWake, ...options }: OutboxListenerOptions): OutboxListener {
  return listenForNotifications({ ...options, channel: 'outbox', onNotification: onWake, onConnect: onWake });
}
