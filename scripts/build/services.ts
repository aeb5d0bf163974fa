import { copyFile, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
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
  for (const service of selected) built.push(await buildService(service, join(outDir, service.name)));
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

async function buildService(service: ServiceImage, dir: string): Promise<BuiltService> {
  const started = performance.now();
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, SWAGGER_UI_FOLDER), { recursive: true });
  await build({ ...common, entryPoints: [join(repositoryRoot, service.entry)], outfile: join(dir, BUILT_ENTRY), sourcemap: 'linked' });
  await build({ ...common, entryPoints: [healthcheckSource], outfile: join(dir, BUILT_HEALTHCHECK), legalComments: 'none' });
  const swaggerUi = swaggerUiDistDir();
  for (const asset of swaggerUiAssets) await copyFile(join(swaggerUi, asset), join(dir, SWAGGER_UI_FOLDER, asset));
  return { name: service.name, dir, bytes: await folderBytes(dir), buildMs: Math.round(performance.now() - started) };
}

function swaggerUiDistDir(): string {
  const fromPlatform = createRequire(join(repositoryRoot, 'libs/platform/package.json'));
  return dirname(fromPlatform.resolve('swagger-ui-dist/package.json'));
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}
