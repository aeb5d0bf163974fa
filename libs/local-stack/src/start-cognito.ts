import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { freePort, LOOPBACK } from './listen.js';
import type { RunningEmulator } from './running-emulator.js';
import { waitUntil } from './wait-until.js';

const cognitoLocalBin = createRequire(import.meta.url).resolve('cognito-local/lib/bin/start.js');

// cognito-local reads ./.cognito from its working directory and wires that path deep inside its
// default server factory, so it runs as a child process with its own cwd. The child exits when its
// stdin closes, so it cannot outlive this process even if stop() is never called.
const exitWithParent = `process.stdin.on('end', () => process.exit(0)); process.stdin.resume(); require(${JSON.stringify(cognitoLocalBin)});`;

export async function startCognito(port: number, dataDir: string): Promise<RunningEmulator> {
  await mkdir(dataDir, { recursive: true });
  const actualPort = port === 0 ? await freePort() : port;
  const endpoint = `http://${LOOPBACK}:${actualPort}`;
  const child = spawn(process.execPath, ['-e', exitWithParent], {
    cwd: dataDir,
    env: { ...process.env, HOST: LOOPBACK, PORT: String(actualPort) },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit');

  const answers = () =>
    fetch(`${endpoint}/health`).then(
      (response) => response.ok,
      () => false,
    );
  try {
    await waitUntil(`cognito-local on ${endpoint}`, async () => child.exitCode !== null || (await answers()));
    if (child.exitCode !== null) throw new Error(`cognito-local exited with ${child.exitCode}: ${stderr}`);
  } catch (error) {
    child.kill();
    throw error;
  }

  return {
    endpoint,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill();
        await exited;
      }
    },
  };
}
