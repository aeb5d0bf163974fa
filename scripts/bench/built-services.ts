import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BUILT_ENTRY, buildServices, serviceImages } from '../build/services.js';

export type BuiltName = (typeof serviceImages)[number]['name'];

async function newestMtime(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(path, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}

/**
 * The bundles `npm run build:services` makes (dist/{customer,admin,outbox-relay}/main.mjs), which
 * production runs. They are rebuilt, all three, when one is missing or older than any file it can
 * contain: its service's src, any lib's src, the lock file or the build script itself. Returns each
 * bundle's path and whether this run built it.
 */
export async function ensureBuiltServices(
  root: string,
  log: (line: string) => void,
): Promise<{ entries: Record<BuiltName, string>; rebuilt: boolean; reason: string }> {
  const entries = Object.fromEntries(serviceImages.map((image) => [image.name, join(root, 'dist', image.name, BUILT_ENTRY)])) as Record<BuiltName, string>;
  const libs = (await readdir(join(root, 'libs'))).map((lib) => join(root, 'libs', lib, 'src'));
  const shared = Math.max(
    await newestMtime(join(root, 'package-lock.json')),
    await newestMtime(join(root, 'scripts/build/services.ts')),
    ...(await Promise.all(libs.map(newestMtime))),
  );
  let reason = '';
  for (const image of serviceImages) {
    const built = await newestMtime(entries[image.name]);
    const source = Math.max(shared, await newestMtime(join(root, image.entry, '..')));
    if (built === 0) reason ||= `dist/${image.name}/${BUILT_ENTRY} is missing`;
    else if (source > built) reason ||= `dist/${image.name}/${BUILT_ENTRY} is older than its sources`;
  }
  if (!reason) return { entries, rebuilt: false, reason: 'the bundles are newer than their sources' };
  log(`building the service bundles (${reason})`);
  await buildServices();
  return { entries, rebuilt: true, reason };
}
