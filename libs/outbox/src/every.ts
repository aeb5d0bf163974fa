export interface Periodic {
  /** Stops the timer and waits for a run still in flight. */
  stop(): Promise<void>;
}

/** Runs `task` now and every `intervalMs`, never two at once, without keeping the process alive. */
export function every(intervalMs: number, task: () => Promise<void>): Periodic {
  let running: Promise<void> | undefined;
  const runOnce = () => {
    running ??= task().finally(() => {
      running = undefined;
    });
  };
  runOnce();
  const timer = setInterval(runOnce, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
