import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { formatTable } from '../shared/table.js';
import { BUILT_ENTRY, BUILT_HEALTHCHECK, SWAGGER_UI_FOLDER, serviceImages, type ServiceImage } from './services/service-images.js';

export { serviceImages, BUILT_ENTRY, BUILT_HEALTHCHECK, type ServiceImage } from './services/service-images.js';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const healthcheckSource = join(repositoryRoot, 'scripts/build/services/healthcheck.ts');
/** The files /docs serves (libs/platform/src/api/docs-endpoints.ts); the rest of the package is never read. */
const swaggerUiAssets = ['swagger-ui.css', 'swagger-ui-bundle.js'];

export interface BuildServicesOptions {
  /** Where `<service>/` folders go; `dist` under the repository root by default. */
  outDir?: string;
  /** A subset of serviceImages by name; all of them by default. */
  only?: readonly ServiceImage['name'][];
}

export interface BuiltService {
  name: ServiceImage['name'];
  dir: string;
  /** Every file in the folder, in bytes: what the image's last layer holds. */
  bytes: number;
  /** The bundle's source map, kept outside the folder so the image does not carry it. */
  sourceMap: string;
  buildMs: number;
}

/**
 * Each container service as one folder that plain `node main.mjs` runs with no node_modules: the
 * process and every dependency (the AWS SDK too: a container has no runtime SDK, and the migrations,
 * which the ORM takes as a list) in one ESM bundle, the Swagger UI assets /docs serves, and
 * healthcheck.mjs for the orchestrator.
 */
export async function buildServices(options: BuildServicesOptions = {}): Promise<BuiltService[]> {
  const outDir = resolve(repositoryRoot, options.outDir ?? 'dist');
  const selected = serviceImages.filter((service) => !options.only || options.only.includes(service.name));
  const built: BuiltService[] = [];
  for (const service of selected) built.push(await buildService(service, join(outDir, service.name), join(outDir, 'sourcemaps', service.name)));
  return built;
}

// CommonJS dependencies inside an ESM bundle still call require() for Node built-ins.
const cjsInterop = "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);";

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  minify: true,
  // Some dependencies branch on constructor and function names; minified names would change what they do.
  keepNames: true,
  legalComments: 'external',
  banner: { js: cjsInterop },
  // pg loads it only when asked for the native client, which nothing here does.
  external: ['pg-native'],
  logLevel: 'warning',
};

async function buildService(service: ServiceImage, dir: string, mapDir: string): Promise<BuiltService> {
  const started = performance.now();
  await Promise.all([rm(dir, { recursive: true, force: true }), rm(mapDir, { recursive: true, force: true })]);
  await Promise.all([mkdir(dir, { recursive: true }), mkdir(mapDir, { recursive: true })]);
  // The map is three times the bundle: it stays with the build (to decode a stack trace from the logs), not in the image.
  await build({ ...common, entryPoints: [join(repositoryRoot, service.entry)], outfile: join(dir, BUILT_ENTRY), sourcemap: 'external' });
  const sourceMap = join(mapDir, `${BUILT_ENTRY}.map`);
  await rename(join(dir, `${BUILT_ENTRY}.map`), sourceMap);
  await build({ ...common, entryPoints: [healthcheckSource], outfile: join(dir, BUILT_HEALTHCHECK), legalComments: 'none' });
  if (service.servesDocs) await copySwaggerUi(join(dir, SWAGGER_UI_FOLDER));
  return { name: service.name, dir, bytes: await folderBytes(dir), sourceMap, buildMs: Math.round(performance.now() - started) };
}

async function copySwaggerUi(into: string): Promise<void> {
  const fromPlatform = createRequire(join(repositoryRoot, 'libs/platform/package.json'));
  const packageDir = dirname(fromPlatform.resolve('swagger-ui-dist/package.json'));
  await mkdir(into, { recursive: true });
  for (const asset of swaggerUiAssets) await copyFile(join(packageDir, asset), join(into, asset));
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

export function servicesTable(built: readonly BuiltService[]): string {
  const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  return formatTable(
    'Container services (dist/<service>/, copied to /app by services/<service>/Dockerfile)',
    ['service', 'folder MiB', 'build ms'],
    built.map((service) => [service.name, mib(service.bytes), String(service.buildMs)]),
  );
}
