import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { openSync, closeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export interface ServiceLaunch {
  name: string;
  /** The file Node runs: a built bundle (`node`) or TypeScript (`tsx`, as `npm start` runs it). */
  entry: string;
  runner: 'node' | 'tsx';
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface ServiceProcess {
  readonly launch: ServiceLaunch;
  readonly pid: number | undefined;
  readonly running: boolean;
  start(): void;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** VmRSS and VmHWM (peak) of the process, in MiB, from /proc. */
  memory(): Promise<{ rssMiB: number; peakMiB: number }>;
}

const exitWithParent = fileURLToPath(new URL('../local/exit-with-parent.mjs', import.meta.url));

/**
 * One service as a child process that can be stopped and started again on its own (the write-path run
 * stops the relay and the consumers). Node is spawned directly, without a wrapper, whichever the runner:
 * the child's pid is the service's own, so /proc/<pid> is its memory. Output goes straight to a log
 * file, not through this process.
 */
export function serviceProcess(
  launch: ServiceLaunch,
  logDir: string,
  onUnexpectedExit: (name: string, code: number | null, signal: NodeJS.Signals | null) => void,
): ServiceProcess {
  let child: ChildProcess | undefined;
  let stopping = false;
  const isRunning = () => child !== undefined && child.exitCode === null && child.signalCode === null;

  return {
    launch,
    get pid() {
      return child?.pid;
    },
    get running() {
      return isRunning();
    },
    start() {
      if (isRunning()) return;
      stopping = false;
      const log = openSync(join(logDir, `${launch.name}.log`), 'a');
      // Plain JavaScript, so a built service runs without Node's type stripping (about 17 MiB of RSS) as in its image.
      const loaders = launch.runner === 'tsx' ? ['--import', 'tsx', '--import', exitWithParent] : ['--import', exitWithParent];
      child = spawn(process.execPath, [...loaders, launch.entry], { cwd: launch.cwd, env: launch.env, detached: true, stdio: ['pipe', log, log] });
      closeSync(log);
      const started = child;
      started.once('exit', (code, signal) => {
        if (!stopping && started === child) onUnexpectedExit(launch.name, code, signal);
      });
    },
    async stop(graceMs = 5_000) {
      stopping = true;
      const current = child;
      if (!current || !isRunning()) return;
      const exited = once(current, 'exit');
      current.kill('SIGTERM');
      if (await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)])) return;
      current.kill('SIGKILL');
      await exited;
    },
    async memory() {
      if (!child?.pid || !isRunning()) return { rssMiB: Number.NaN, peakMiB: Number.NaN };
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
      return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
    },
  };
}
