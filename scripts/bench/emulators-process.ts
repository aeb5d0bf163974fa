import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { AwsEndpoints } from '@loyalty/topology';

export interface EmulatorsProcess {
  endpoints: AwsEndpoints;
  pid: number;
  stop(): Promise<void>;
}

const child = fileURLToPath(new URL('./emulators-child.ts', import.meta.url));
const exitWithParent = fileURLToPath(new URL('../local/exit-with-parent.mjs', import.meta.url));

/**
 * The emulators as a process of their own, not in the bench's event loop: SNS and SQS are not in the
 * relay's process on AWS either, and the bench's own work (the profile's sampler, the drains) must not
 * slow them down. Its CPU is counted by pid like every service's.
 */
export async function startEmulatorsProcess(dataDir: string): Promise<EmulatorsProcess> {
  const emulators = spawn(process.execPath, ['--import', 'tsx', '--import', exitWithParent, child, dataDir], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = once(emulators, 'exit');
  const lines = createInterface({ input: emulators.stdout });
  const first = await Promise.race([once(lines, 'line').then(([line]) => String(line)), exited.then(() => undefined)]);
  if (first === undefined || emulators.pid === undefined) throw new Error('the emulators process exited before it printed its endpoints');
  return {
    endpoints: JSON.parse(first) as AwsEndpoints,
    pid: emulators.pid,
    async stop() {
      if (emulators.exitCode !== null || emulators.signalCode !== null) return;
      emulators.kill('SIGTERM');
      await exited;
    },
  };
}
