/**
 * What every database session of ours sets at connect (pg sends them as start-up parameters): no
 * request waits on a lock for ever behind a stuck writer, and no session that went quiet inside a
 * transaction (a frozen process, a lost client) keeps its locks. `idleInTransactionMs` must exceed
 * the longest wait a process does on purpose inside a transaction (the relay's SNS call, the
 * exporter's part upload).
 */
export interface SessionLimits {
  lockTimeoutMs: number;
  idleInTransactionMs: number;
}

/** For a request: a caller is waiting, so a blocked write fails fast (503 BUSY) and can be retried. */
export const defaultSessionLimits: SessionLimits = { lockTimeoutMs: 5_000, idleInTransactionMs: 20_000 };

/**
 * For a queue consumer: its lock waits are other messages of the same card or cell being applied,
 * a queue to wait in, not a fault; a timeout only sends the message round again. Still bounded, and
 * well inside the queues' visibility timeout.
 */
export const consumerSessionLimits: SessionLimits = { lockTimeoutMs: 30_000, idleInTransactionMs: 60_000 };

/** The same limits as pg client settings, for pools and clients opened without the ORM. */
export function sessionSettings(limits: SessionLimits = defaultSessionLimits): { lock_timeout: number; idle_in_transaction_session_timeout: number } {
  return { lock_timeout: limits.lockTimeoutMs, idle_in_transaction_session_timeout: limits.idleInTransactionMs };
}
