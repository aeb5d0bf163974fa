import { setTimeout as sleep } from 'node:timers/promises';

/** Polls each URL until it answers 2xx; gives up early when `gaveUp()` says a process already died. */
export async function waitForHealthy(urls: readonly string[], gaveUp: () => boolean, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(urls);
  while (pending.size > 0) {
    if (gaveUp()) throw new Error('a process exited while waiting for the services to answer');
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${[...pending].join(', ')}`);
    for (const url of pending) if (await answers(url)) pending.delete(url);
    if (pending.size > 0) await sleep(250);
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  } catch {
    return false;
  }
}
