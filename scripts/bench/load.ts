export interface Sample {
  /** Wall-clock start and end (epoch ms), to line requests up with database timestamps. */
  startedAt: number;
  endedAt: number;
  ms: number;
  ok: boolean;
  detail?: string;
}

export interface LoadResult {
  samples: Sample[];
  wallMs: number;
  /** Share of the run this process's event loop was busy (services, emulators and load generator share it). */
  eventLoopBusy: number;
  /** CPU time (user + system) this process spent per operation, in ms: more than one core's worth shows as > wall time. */
  cpuMsPerOp: number;
}

/**
 * Runs `total` operations with `concurrency` workers, each worker one after the other (a cashier who
 * waits for the answer before ringing up the next customer). `op` gets the worker's index and a
 * sequence number unique within the run.
 */
export async function runLoad(
  total: number,
  concurrency: number,
  op: (worker: number, seq: number) => Promise<{ ok: boolean; detail?: string }>,
): Promise<LoadResult> {
  const samples: Sample[] = [];
  let next = 0;
  const worker = async (index: number) => {
    while (next < total) {
      const seq = next++;
      const startedAt = Date.now();
      const started = performance.now();
      let outcome: { ok: boolean; detail?: string };
      try {
        outcome = await op(index, seq);
      } catch (error) {
        outcome = { ok: false, detail: error instanceof Error ? error.message : String(error) };
      }
      const elapsed = performance.now() - started;
      samples.push({ startedAt, endedAt: startedAt + elapsed, ms: elapsed, ...outcome });
    }
  };
  const loopBefore = performance.eventLoopUtilization();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)));
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    samples,
    wallMs,
    eventLoopBusy: performance.eventLoopUtilization(loopBefore).utilization,
    cpuMsPerOp: (cpu.user + cpu.system) / 1000 / Math.max(1, samples.length),
  };
}
