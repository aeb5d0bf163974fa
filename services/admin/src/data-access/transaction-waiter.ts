import { listenForNotifications, type NotificationListener } from '@loyalty/outbox';
import type { Logger } from '@loyalty/platform';
import { parseSettledNotification, type Settlement } from './settled-notification.js';

type Wake = (settlement?: Settlement) => void;

/**
 * Lets a request wait for the loyalty processor to settle a transaction without polling: one LISTEN
 * connection per process hears `transaction_applied` (the `transaction_settled` trigger fires it when
 * a pending transaction becomes applied or rejected) and wakes exactly the requests waiting on that id,
 * handing them the settled columns the notification carries.
 */
export class TransactionWaiter {
  readonly #databaseUrl: string;
  readonly #logger: Logger;
  readonly #maxWaiting: number;
  readonly #waiting = new Map<string, Set<Wake>>();
  #requestsWaiting = 0;
  #listener: NotificationListener | undefined;

  constructor(databaseUrl: string, logger: Logger, maxWaiting = Number.POSITIVE_INFINITY) {
    this.#databaseUrl = databaseUrl;
    this.#logger = logger;
    this.#maxWaiting = maxWaiting;
  }

  /**
   * Whether one more request may wait. `Prefer` is a preference (RFC 7240): under overload the answer
   * comes at once, as a 202 without Preference-Applied, instead of memory growing with every open wait.
   */
  hasRoom(): boolean {
    return this.#requestsWaiting < this.#maxWaiting;
  }

  start(): void {
    this.#listener ??= listenForNotifications({
      clientConfig: { connectionString: this.#databaseUrl },
      channel: 'transaction_applied',
      logger: this.#logger,
      onNotification: (payload) => {
        const { transactionId, settlement } = parseSettledNotification(payload);
        for (const wake of this.#waiting.get(transactionId) ?? []) wake(settlement);
      },
      // A settlement notified while the connection was away is lost: every waiter looks again.
      onConnect: () => {
        for (const wakers of this.#waiting.values()) for (const wake of wakers) wake();
      },
    });
  }

  /**
   * Resolves once isSettled() holds, checking at once and again on each notification (with the
   * settlement it carried, if any), or when timeoutMs passes.
   */
  async waitUntil(transactionId: string, timeoutMs: number, isSettled: (notified?: Settlement) => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let wake: Wake = () => {};
    let notified: Settlement | undefined;
    const wakers = this.#waiting.get(transactionId) ?? new Set();
    this.#waiting.set(transactionId, wakers);
    this.#requestsWaiting++;
    try {
      for (;;) {
        const signal = new Promise<Settlement | undefined>((resolve) => {
          wake = resolve;
          wakers.add(wake);
        });
        if (await isSettled(notified)) return;
        const remaining = deadline - Date.now();
        if (remaining <= 0) return;
        let timer: NodeJS.Timeout | undefined;
        notified = await Promise.race([signal, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), remaining)))]);
        clearTimeout(timer);
        wakers.delete(wake);
      }
    } finally {
      this.#requestsWaiting--;
      wakers.delete(wake);
      if (wakers.size === 0) this.#waiting.delete(transactionId);
    }
  }

  async stop(): Promise<void> {
    await this.#listener?.close();
    this.#listener = undefined;
  }
}
