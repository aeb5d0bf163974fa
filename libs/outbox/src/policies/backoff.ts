/** Milliseconds to wait before the next try of a row that has now failed `attempts` times. */
export type BackoffPolicy = (attempts: number) => number;

export interface ExponentialBackoffOptions {
  baseMs?: number;
  maxMs?: number;
  random?: () => number;
}

/**
 * Doubles from baseMs up to maxMs, then keeps a random half of the step ("equal jitter"): rows that
 * failed together (one bad topic, one SNS hiccup) spread out instead of retrying in lockstep.
 */
export function exponentialBackoff({ baseMs = 1_000, maxMs = 5 * 60_000, random = Math.random }: ExponentialBackoffOptions = {}): BackoffPolicy {
  return (attempts) => {
    const step = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
    return step / 2 + random() * (step / 2);
  };
}
