interface AwsFault {
  $fault?: unknown;
  $retryable?: { throttling?: unknown };
}

/**
 * True when SNS answered that this request is wrong (unknown topic, request too long, bad parameter):
 * retrying the same rows may keep failing, so it counts as an attempt against them. Anything else
 * (network errors, 5xx, throttling, time-outs, an open breaker) says SNS is unavailable, not that the
 * rows are bad: those rows stay due without losing an attempt, and only these count for the breaker.
 */
export function isRejectedRequest(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const fault = error as AwsFault;
  return fault.$fault === 'client' && fault.$retryable?.throttling !== true;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
