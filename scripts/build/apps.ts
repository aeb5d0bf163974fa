import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { formatTable } from '../shared/table.js';

export const APPS = ['customer', 'staff'] as const;
export type AppName = (typeof APPS)[number];

/** The budget: what a phone downloads before the first screen, gzipped. */
export const INITIAL_JS_BUDGET_BYTES = 200 * 1000;

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
}

export interface AppBuild {
  app: AppName;
  outDir: string;
  /** The entry chunk and every chunk it imports statically (dynamic imports load later). */
  initialFiles: string[];
  initialJsGzipBytes: number;
}

/** Builds with the app's own vite.config.ts; `env` adds VITE_* settings (the API URLs) to the build. */
export async function buildApp(root: string, app: AppName, outDir = join(root, 'apps', app, 'dist'), env: NodeJS.ProcessEnv = {}): Promise<AppBuild> {
  // Vite's own CLI in a child process: inside jest's module sandbox its bundler rejects its own plugins.
  await promisify(execFile)(
    process.execPath,
    [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    {
      cwd: join(root, 'apps', app),
      env: { ...process.env, ...env },
    },
  );
  const manifest = JSON.parse(await readFile(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const initial = new Set<string>();
  const visit = (key: string) => {
    if (initial.has(key)) return;
    initial.add(key);
    for (const imported of manifest[key]?.imports ?? []) visit(imported);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
  const initialFiles = [...initial].map((key) => manifest[key]!.file).filter((file) => file.endsWith('.js'));
  let initialJsGzipBytes = 0;
  for (const file of initialFiles) initialJsGzipBytes += gzipSync(await readFile(join(outDir, file)), { level: 9 }).length;
  return { app, outDir, initialFiles, initialJsGzipBytes };
}

export function appsTable(builds: readonly AppBuild[]): string {
  const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
  return formatTable(
    `Apps: initial JavaScript, gzip (budget ${kb(INITIAL_JS_BUDGET_BYTES)})`,
    ['app', 'initial JS (gzip)', 'chunks', 'within budget'],
    builds.map((b) => [b.app, kb(b.initialJsGzipBytes), String(b.initialFiles.length), b.initialJsGzipBytes <= INITIAL_JS_BUDGET_BYTES ? 'yes' : 'NO']),
  );
}
