import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { unzipSync, zipSync, type Zippable } from 'fflate';

/**
 * A fixed timestamp and Unix mode make the archive a function of its contents only: the same bundle
 * gives the same zip, so the deployment's code hash changes only when the code does. Lambda needs the
 * files world-readable; 0644 says so explicitly instead of leaving it to the unzipper's defaults.
 */
const FIXED_MTIME = new Date('2000-01-01T00:00:00Z');
const UNIX = 3;
const READABLE_FILE = 0o100644 << 16;

export function zipFiles(files: Readonly<Record<string, Uint8Array>>): Uint8Array {
  const entries: Zippable = {};
  for (const [name, data] of Object.entries(files)) entries[name] = [data, { level: 9, mtime: FIXED_MTIME, os: UNIX, attrs: READABLE_FILE }];
  return zipSync(entries);
}

export async function readZipEntries(zipPath: string): Promise<Record<string, Uint8Array>> {
  return unzipSync(await readFile(zipPath));
}

export async function unzipTo(zipPath: string, dir: string): Promise<void> {
  for (const [name, data] of Object.entries(await readZipEntries(zipPath))) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), data);
  }
}
