import pg from 'pg';
import type { Logger } from '@loyalty/platform';

/**
 * Lets a request wait for the loyalty processor to settle a transaction without polling: one LISTEN
 * connection per process hears `transaction_applied` (the `transaction_settled` trigger fires it when
 * a pending transaction becomes applied or rejected) and wakes exactly the requests waiting on that id.
 */
export class TransactionWaiter {
  readonly #databaseUrl: string;
  readonly #logger: Logger;
  readonly #waiting = new Map<string, Set<() => void>>();
  #client: pg.Client | undefined;
  #stopped = false;

  constructor(databaseUrl: string, logger: Logger) {
    this.#databaseUrl = databaseUrl;
    this.#logger = logger;
  }

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#databaseUrl });
    client.on('notification', (message) => {
      for (const wake of this.#waiting.get(message.payload ?? '') ?? []) wake();
    });
    client.on('error', (error) => {
      this.#logger.warn({ err: error }, 'transaction waiter lost its connection; reconnecting');
      this.#client = undefined;
      setTimeout(() => void this.#reconnect(), 500).unref();
    });
    await client.connect();
    await client.query('listen transaction_applied');
    this.#client = client;
  }

  async #reconnect(): Promise<void> {
    if (this.#stopped) return;
    try {
      await this.start();
      for (const wakers of this.#waiting.values()) for (const wake of wakers) wake();
    } catch (error) {
      this.#logger.warn({ err: error }, 'transaction waiter reconnect failed; retrying');
      setTimeout(() => void this.#reconnect(), 1000).unref();
    }
  }

  /** Resolves once isSettled() holds, re-checking on each notification, or when timeoutMs passes. */
  async waitUntil(transactionId: string, timeoutMs: number, isSettled: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let wake: () => void = () => {};
    const wakers = this.#waiting.get(transactionId) ?? new Set();
    this.#waiting.set(transactionId, wakers);
    try {
      for (;;) {
        const signal = new Promise<void>((resolve) => {
          wake = resolve;
          wakers.add(wake);
        });
        if (await isSettled()) return;
        const remaining = deadline - Date.now();
        if (remaining <= 0) return;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([signal, new Promise<void>((resolve) => (timer = setTimeout(resolve, remaining)))]);
        clearTimeout(timer);
        wakers.delete(wake);
      }
    } finally {
      wakers.delete(wake);
      if (wakers.size === 0) this.#waiting.delete(transactionId);
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#client?.end();
  }
}
