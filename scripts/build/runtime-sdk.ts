import { access, cp, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

interface PackageManifest {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/**
 * Stands in for the runtime's /var/runtime/node_modules: copies the given `@aws-sdk/*` packages and
 * everything they depend on, at the same relative places, from the repository's node_modules into
 * `target/node_modules`. Copies, not links: Node resolves a link to its real path, from where the
 * SDK would find the rest of the repository's packages.
 */
export async function copyRuntimeSdk(root: string, packages: readonly string[], target: string): Promise<number> {
  const copied = new Set<string>();
  const visit = async (name: string, from: string, optional: boolean): Promise<void> => {
    const dir = await locate(name, from, root);
    if (!dir) {
      if (optional) return;
      throw new Error(`${name} (needed from ${relative(root, from) || 'the bundle'}) is not installed`);
    }
    if (copied.has(dir)) return;
    copied.add(dir);
    await cp(dir, join(target, relative(root, dir)), { recursive: true, filter: (source) => !relative(dir, source).startsWith('node_modules') });
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as PackageManifest;
    for (const dependency of Object.keys(manifest.dependencies ?? {})) await visit(dependency, dir, false);
    for (const dependency of Object.keys(manifest.optionalDependencies ?? {})) await visit(dependency, dir, true);
  };
  for (const name of packages) await visit(name, root, false);
  return copied.size;
}

/** Node's lookup: `node_modules/<name>` in the importing package's folder, then in each folder above it up to the root. */
async function locate(name: string, from: string, root: string): Promise<string | undefined> {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (await exists(join(candidate, 'package.json'))) return candidate;
    if (dir === root || dir === dirname(dir)) return undefined;
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
