import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Summary {
  seed: number;
  writes: number;
  faults: { kind: string; count: number }[];
  guarantees: { name: string; checked: number; violations: number }[];
  violations: number;
}

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'chaos-short-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

// The whole system as separate processes, its own PostgreSQL, Redis and emulators, every fault kind once.
test('a short chaos run: every process kind killed, SNS cut, Redis stopped, PostgreSQL restarted fast and immediate, and no guarantee violated', async () => {
  const summaryFile = join(folder, 'summary.json');
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = execFile(
      'npm',
      ['run', '-s', 'chaos', '--', '--short', '--summary-json', summaryFile],
      { env: process.env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}\n${stderr}` }),
    );
    child.stdin?.end();
  });
  if (code !== 0) process.stderr.write(output);
  const summary = JSON.parse(await readFile(summaryFile, 'utf8')) as Summary;

  expect(summary.guarantees.filter((guarantee) => guarantee.violations > 0)).toEqual([]);
  expect(summary.violations).toBe(0);
  expect(code).toBe(0);
  const kinds = summary.faults.map((fault) => fault.kind);
  for (const kind of [
    'SNS cut',
    'Redis stopped',
    'PostgreSQL restart -m fast',
    'PostgreSQL restart -m immediate',
    'kill -9 admin-api',
    'kill -9 loyalty-processor',
    'kill -9 outbox-relay',
  ]) {
    expect(kinds).toContain(kind);
  }
  // The reward checks depend on how many visits a time-boxed run gets in on a loaded machine; these never do.
  const exercised = summary.guarantees.filter((guarantee) => !guarantee.name.includes('reward'));
  expect(exercised.filter((guarantee) => guarantee.checked === 0)).toEqual([]);
}, 420_000);
