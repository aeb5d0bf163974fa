import { readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { build, type Plugin } from 'esbuild';

export interface LambdaBundle {
  code: Uint8Array;
  sourceMap: Uint8Array;
  /** The `@aws-sdk/*` packages the bundle imports from the runtime. */
  runtimeImports: string[];
}

/**
 * The `nodejs24.x` runtime ships AWS SDK v3 under /var/runtime/node_modules/@aws-sdk, the helper
 * libraries (presigner, ...) with the clients, but not the `@smithy/*` packages; everything else the
 * handler needs is in the bundle.
 */
const RUNTIME_PROVIDED = /^@aws-sdk\//;

/**
 * Imports left in the bundle that nothing we run reaches, each with why: anything else the bundle
 * does not contain fails the build, because Lambda would fail the import or the first call.
 */
const UNREACHED_IMPORTS: Readonly<Record<string, string>> = {
  'pg-native': 'pg loads it only for `native: true`, which we never set',
  tinyglobby: 'MikroORM globs for entities only when given folder paths; we pass the entity list',
  dataloader: 'MikroORM loads it only with its dataloader option on, which is off (the default)',
};

// CommonJS dependencies (pg, pino, ...) call require(); an ES module has none of its own.
const REQUIRE_BANNER = "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);";

/**
 * Our own modules do their work when called, never when imported, so a bundle may drop every module
 * of ours whose exports it does not use, with what that module imports: without this, esbuild keeps
 * each `import` of an external package (the AWS SDK clients the topology and the relay use), and the
 * runtime loads those clients at cold start for nothing.
 */
const workspaceModulesArePure: Plugin = {
  name: 'workspace-modules-are-pure',
  setup(build) {
    build.onResolve({ filter: /^(\.|@loyalty\/)/ }, async (args) => {
      if (args.pluginData === workspaceModulesArePure || (args.importer.includes('/node_modules/') && args.path.startsWith('.'))) return undefined;
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: workspaceModulesArePure,
      });
      return WORKSPACE_SOURCE.test(relative(build.initialOptions.absWorkingDir ?? '', resolved.path)) ? { ...resolved, sideEffects: false } : resolved;
    });
  },
};
const WORKSPACE_SOURCE = /^(libs|services)\/[^/]+\/src\//;

/**
 * zod re-exports every locale as a namespace (`z.locales`), which no bundler can shake off: 250 KiB
 * of minified messages in 40 languages, parsed at each cold start. We only ever speak English (the
 * one zod configures itself with), so the namespace holds `en` alone.
 */
const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /\/node_modules\/zod\/v4\/(classic|core)$/.test(args.resolveDir)
        ? { path: join(args.resolveDir, '../locales/en.js'), namespace: 'zod-locales' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
    }));
  },
};

/**
 * Each `pino()` asks `util.getCallSites()` for its callers' file names (to resolve transport targets,
 * which no function uses). Under --enable-source-maps that call maps the sites, which parses the whole
 * bundle's source map into about 290,000 arrays: 40 MiB of heap for the life of the process, before the
 * first event (the exporter idled at 180 MiB instead of 123). Unmapped call sites name the same file.
 */
const pinoCallersUnmapped: Plugin = {
  name: 'pino-callers-unmapped',
  setup(build) {
    build.onLoad({ filter: /\/node_modules\/pino\/lib\/caller\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const call = 'getCallSites()';
      if (!source.includes(call)) throw new Error(`${args.path} no longer calls ${call}: check what pino asks of the call sites now`);
      return { contents: source.replace(call, 'getCallSites({ sourceMap: false })'), loader: 'js' };
    });
  },
};

/**
 * One Lambda entry as the runtime loads it: a minified ES module `index.mjs` exporting `handler`,
 * and its source map. The map carries positions, not the sources (which would triple the zip):
 * with NODE_OPTIONS=--enable-source-maps, stack traces name the TypeScript file and line of the commit.
 */
export async function bundleLambda(entry: string, root: string): Promise<LambdaBundle> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile: 'index.mjs',
    write: false,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    legalComments: 'none',
    banner: { js: REQUIRE_BANNER },
    external: ['@aws-sdk/*', ...Object.keys(UNREACHED_IMPORTS)],
    metafile: true,
    plugins: [workspaceModulesArePure, zodEnglishOnly, pinoCallersUnmapped],
    logLevel: 'silent',
  });
  const file = (suffix: string) => {
    const output = result.outputFiles.find((candidate) => candidate.path.endsWith(suffix));
    if (!output) throw new Error(`esbuild wrote no ${suffix} for ${entry}`);
    return output.contents;
  };
  const output = Object.values(result.metafile.outputs).find((candidate) => candidate.entryPoint !== undefined);
  const external = [...new Set(output?.imports.filter((i) => i.external).map((i) => i.path) ?? [])];
  const packages = external.filter((path) => !path.startsWith('node:') && !builtinModules.includes(path));
  const missing = packages.filter((path) => !RUNTIME_PROVIDED.test(path) && !(path in UNREACHED_IMPORTS));
  if (missing.length > 0) throw new Error(`${entry} imports ${missing.join(', ')}, which neither the bundle nor the Lambda runtime provides`);
  return { code: file('index.mjs'), sourceMap: file('index.mjs.map'), runtimeImports: packages.filter((path) => RUNTIME_PROVIDED.test(path)).sort() };
}
