/** What the emulated runtime (lambda-bootstrap.ts) and its host (lambda-environment.ts) say to each other over IPC. */

export interface InvokeRequest {
  type: 'invoke';
  requestId: string;
  event: unknown;
  deadlineMs: number;
}

export interface InvokeStats {
  durationMs: number;
  /** Resident set size of the environment's process after the invocation. */
  rssBytes: number;
  /** TCP client sockets the process has opened since it started. */
  socketsOpened: number;
  /** CPU time (user + system) the process has spent since it began importing the handler. */
  cpuSinceImportMs: number;
}

export type RuntimeMessage =
  | ({ type: 'ready'; importMs: number } & Omit<InvokeStats, 'durationMs'>)
  | { type: 'import-failed'; error: SerializedError }
  | ({ type: 'result'; requestId: string; result: unknown } & InvokeStats)
  | ({ type: 'error'; requestId: string; error: SerializedError } & InvokeStats);

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

export function serializeError(error: unknown): SerializedError {
  return error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { name: 'Error', message: String(error) };
}
