import type { MikroORM } from '@loyalty/db';
import type { HistoryEntry } from '@loyalty/tables';
import { loadHistoryEntries } from './history-source.js';

export type HistoryEntryLoader = (transactionId: string) => Promise<HistoryEntry | null>;

interface Waiter {
  resolve: (entry: HistoryEntry | null) => void;
  reject: (error: unknown) => void;
}

/**
 * Reads the entries asked for in one turn of the event loop with one statement: a batch's records
 * are handled side by side, so its ten reads become one. A failed read fails every record that waited on it.
 */
export function historyEntryLoader(orm: MikroORM): HistoryEntryLoader {
  let pending: Map<string, Waiter[]> | null = null;

  const flush = async (batch: Map<string, Waiter[]>): Promise<void> => {
    try {
      const entries = await loadHistoryEntries(orm.em.fork(), [...batch.keys()]);
      for (const [id, waiters] of batch) for (const waiter of waiters) waiter.resolve(entries.get(id) ?? null);
    } catch (error) {
      for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
    }
  };

  return (transactionId) =>
    new Promise((resolve, reject) => {
      let batch = pending;
      if (!batch) {
        const opened = new Map<string, Waiter[]>();
        batch = pending = opened;
        setImmediate(() => {
          pending = null;
          void flush(opened);
        });
      }
      batch.set(transactionId, [...(batch.get(transactionId) ?? []), { resolve, reject }]);
    });
}
