import { describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { intendedSendTime, runClosedLoop, runOpenLoop, type Send } from '../../scripts/bench/load-generator.js';

const answersIn =
  (ms: number): Send =>
  async () => {
    await sleep(ms);
    return { ok: true, status: 200 };
  };

/** Blocks the generator's own event loop once: the stall a closed loop, or a naive open loop, would hide. */
function stallingOnce(atSeq: number, stallMs: number): Send {
  return async (seq) => {
    if (seq === atSeq) {
      const until = performance.now() + stallMs;
      while (performance.now() < until) {
        // busy: nothing else in this process can run, the next sends included
      }
    }
    await sleep(1);
    return { ok: true, status: 200 };
  };
}

describe('the open-loop load generator', () => {
  it('spaces requests by the arrival rate', () => {
    expect(intendedSendTime(1_000, 200, 0)).toBe(1_000);
    expect(intendedSendTime(1_000, 200, 10)).toBe(1_050);
  });

  it('counts a stall against every request it delayed, from when each was due', async () => {
    // 200/s for 1 s; the generator is frozen for 300 ms at request 50, so the ~60 requests due during the
    // freeze go out late, all at once, and answer in about 1 ms after that.
    const report = await runOpenLoop({ perSecond: 200, durationMs: 1_000 }, stallingOnce(50, 300));

    expect(report.completed).toBe(200);
    expect(report.errors).toBe(0);
    expect(report.maxSendLagMs).toBeGreaterThan(250);
    // Measured from when they went out, they would all look like ~1 ms; from when they were due, the
    // first one delayed waited the whole stall and the tenth slowest of 200 over 150 ms.
    expect(report.maxMs).toBeGreaterThan(250);
    expect(report.p90Ms).toBeGreaterThan(100);
    expect(report.p50Ms).toBeLessThan(50);
  });

  it('reports errors by status and keeps their latency', async () => {
    const report = await runOpenLoop({ perSecond: 100, durationMs: 200 }, async (seq) =>
      seq % 2 === 0 ? { ok: true, status: 200 } : { ok: false, status: 503, detail: 'busy' },
    );

    expect(report.completed).toBe(20);
    expect(report.errors).toBe(10);
    expect(report.errorsByStatus).toEqual({ '503': 10 });
    expect(report.firstError).toBe('503 busy');
  });

  it('counts what has not answered within the grace after the last send as errors, and ends', async () => {
    const report = await runOpenLoop({ perSecond: 100, durationMs: 100, graceMs: 50 }, (seq) =>
      seq < 5 ? Promise.resolve({ ok: true, status: 200 }) : new Promise(() => {}),
    );

    expect(report.completed).toBe(10);
    expect(report.errors).toBe(5);
    expect(report.errorsByStatus).toEqual({ '0': 5 });
    expect(report.maxMs).toBeGreaterThanOrEqual(50);
  });
});

describe('the closed-loop load generator', () => {
  it('keeps N requests in flight back to back', async () => {
    const report = await runClosedLoop({ concurrency: 4, durationMs: 500 }, answersIn(10));

    // 4 workers × 500 ms / ~10 ms a request; timers add a little to every request.
    expect(report.achievedPerSecond).toBeGreaterThan(200);
    expect(report.achievedPerSecond).toBeLessThan(450);
    expect(report.p50Ms).toBeGreaterThanOrEqual(9);
  });
});
