import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { ChildSpec } from '../local/child-processes.js';

/** How a process shows it is ready: an HTTP health URL, or (queue consumers, which serve no HTTP) a log line. */
export type Readiness = { healthUrl: string } | { logLine: string };

export interface Supervised {
  spec: ChildSpec;
  readiness: Readiness;
}

export interface Supervisor {
  names(): string[];
  /** Starts every process and waits until each is ready. */
  startAll(): Promise<void>;
  /** SIGKILL, as a crash would; the supervisor restarts it. Resolves once the new process is ready, with the downtime in ms. */
  kill9(name: string): Promise<number>;
  /** Resolves once every process is running and ready. */
  allReady(timeoutMs?: number): Promise<void>;
  /** Deaths the supervisor did not cause, by process name (e.g. a consumer that exits when PostgreSQL goes away). */
  unexpectedExits(): Map<string, number>;
  stop(): Promise<void>;
}

const exitWithParent = fileURLToPath(new URL('../local/exit-with-parent.mjs', import.meta.url));

interface Slot {
  entry: Supervised;
  child?: ChildProcess;
  ready: boolean;
  readyWaiters: (() => void)[];
  killedOnPurpose: boolean;
  log: WriteStream;
}

/** Runs each service as its own process, restarts whatever exits (killed or dead), and knows when each is ready again. */
export function createSupervisor(entries: readonly Supervised[], logDir: string, onEvent: (line: string) => void): Supervisor {
  const slots = new Map<string, Slot>();
  const unexpected = new Map<string, number>();
  let stopping = false;

  for (const entry of entries) {
    slots.set(entry.spec.name, {
      entry,
      ready: false,
      readyWaiters: [],
      killedOnPurpose: false,
      log: createWriteStream(join(logDir, `${entry.spec.name}.log`), { flags: 'a' }),
    });
  }

  const markReady = (slot: Slot) => {
    slot.ready = true;
    for (const resolve of slot.readyWaiters.splice(0)) resolve();
  };

  const launch = (slot: Slot) => {
    const { spec, readiness } = slot.entry;
    slot.ready = false;
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', exitWithParent, spec.entry], {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    slot.child = child;
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        slot.log.write(`${line}\n`);
        if ('logLine' in readiness && !slot.ready && slot.child === child && line.includes(readiness.logLine)) markReady(slot);
      });
    }
    if ('healthUrl' in readiness) void pollHealth(slot, child, readiness.healthUrl);
    child.once('exit', (code, signal) => {
      if (slot.child !== child) return;
      slot.ready = false;
      if (stopping) return;
      if (!slot.killedOnPurpose) {
        unexpected.set(spec.name, (unexpected.get(spec.name) ?? 0) + 1);
        onEvent(`${spec.name} exited by itself (${signal ?? `code ${code}`}); restarting`);
      }
      slot.killedOnPurpose = false;
      setTimeout(() => {
        if (!stopping) launch(slot);
      }, 250);
    });
  };

  const pollHealth = async (slot: Slot, child: ChildProcess, url: string) => {
    while (slot.child === child && child.exitCode === null && !stopping) {
      if (await answers(url)) {
        markReady(slot);
        return;
      }
      await sleep(200);
    }
  };

  const untilReady = (slot: Slot, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      if (slot.ready) return resolve();
      const timer = setTimeout(() => reject(new Error(`${slot.entry.spec.name} not ready after ${timeoutMs / 1000} s (see its log in ${logDir})`)), timeoutMs);
      slot.readyWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });

  const slotOf = (name: string) => {
    const slot = slots.get(name);
    if (!slot) throw new Error(`no supervised process ${name}`);
    return slot;
  };

  return {
    names: () => [...slots.keys()],
    async startAll() {
      for (const slot of slots.values()) launch(slot);
      await this.allReady(180_000);
    },
    async kill9(name) {
      const slot = slotOf(name);
      const child = slot.child;
      const began = performance.now();
      if (child && child.exitCode === null && child.signalCode === null) {
        slot.killedOnPurpose = true;
        const exited = once(child, 'exit');
        child.kill('SIGKILL');
        await exited;
      }
      await sleep(50);
      await untilReady(slot, 120_000);
      return performance.now() - began;
    },
    async allReady(timeoutMs = 120_000) {
      await Promise.all([...slots.values()].map((slot) => untilReady(slot, timeoutMs)));
    },
    unexpectedExits: () => unexpected,
    async stop() {
      stopping = true;
      await Promise.all(
        [...slots.values()].map(async (slot) => {
          const child = slot.child;
          if (child && child.exitCode === null && child.signalCode === null) {
            const closed = once(child, 'close');
            child.kill('SIGTERM');
            const inTime = await Promise.race([closed.then(() => true), sleep(5_000).then(() => false)]);
            if (!inTime) {
              child.kill('SIGKILL');
              await closed;
            }
          }
          slot.log.end();
        }),
      );
    },
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  } catch {
    return false;
  }
}
