import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { formatLine } from './log-formatter.js';

export interface ChildSpec {
  name: string;
  /** A file Node runs (TypeScript through tsx). */
  entry: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface Children {
  start(spec: ChildSpec): ChildProcess;
  /** SIGTERM to every child still running, SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL to every child still running, without waiting. */
  kill(): void;
}

const exitWithParent = fileURLToPath(new URL('./exit-with-parent.mjs', import.meta.url));

/**
 * Runs each child as its own process with its output formatted and prefixed. `onUnexpectedExit` fires
 * when a child ends before stop() asked it to.
 */
export function createChildren(onUnexpectedExit: (name: string, code: number | null, signal: NodeJS.Signals | null) => void): Children {
  const running = new Map<string, ChildProcess>();
  let stopping = false;

  return {
    start({ name, entry, cwd, env }) {
      const child = spawn(process.execPath, ['--import', 'tsx', '--import', exitWithParent, entry], {
        cwd,
        env,
        // Its own process group, so a Ctrl-C in the terminal reaches only the start script, which
        // then stops the children in order instead of everything dying at once.
        detached: true,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      running.set(name, child);
      for (const stream of [child.stdout, child.stderr]) {
        createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => process.stdout.write(`${formatLine(name, line)}\n`));
      }
      child.once('error', (error) => {
        process.stderr.write(`${formatLine(name, `could not start: ${error.message}`)}\n`);
        if (!stopping) onUnexpectedExit(name, null, null);
      });
      child.once('exit', (code, signal) => {
        if (!stopping) onUnexpectedExit(name, code, signal);
      });
      return child;
    },

    async stop(graceMs = 5_000) {
      stopping = true;
      await Promise.all([...running.values()].map((child) => stopChild(child, graceMs)));
    },

    kill() {
      stopping = true;
      for (const child of running.values()) if (isRunning(child)) child.kill('SIGKILL');
    },
  };
}

async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (!isRunning(child)) return;
  // 'close' rather than 'exit': it also waits for the last log lines to be read.
  const closed = once(child, 'close');
  child.kill('SIGTERM');
  const inTime = await Promise.race([closed.then(() => true), sleep(graceMs).then(() => false)]);
  if (inTime) return;
  child.kill('SIGKILL');
  await closed;
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}
