import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const fixture = fileURLToPath(new URL('./support/buffered-logging.ts', import.meta.url));

function start(): { child: ChildProcessWithoutNullStreams; lines: () => string[]; until: (message: string, timeoutMs: number) => Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const messages = () =>
    output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => String((JSON.parse(line) as { msg: string }).msg));
  const until = async (message: string, timeoutMs: number) => {
    const deadline = performance.now() + timeoutMs;
    while (!messages().includes(message)) {
      if (performance.now() > deadline) throw new Error(`no "${message}" within ${timeoutMs} ms: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { child, lines: messages, until };
}

describe('bufferedStdout', () => {
  it('writes an error line at once and the info lines buffered with it within about a second', async () => {
    const { child, until, lines } = start();
    try {
      await until('an error', 10_000);
      await until('first info', 100);
      child.stdin.write('more\n');
      await until('last info', 3_000);
      expect(lines()).toEqual(['first info', 'an error', 'last info']);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('writes what is still buffered when the process exits', async () => {
    const { child, until, lines } = start();
    await until('an error', 10_000);
    child.stdin.write('exit\n');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(lines()).toEqual(['first info', 'an error', 'last info']);
  });
});
