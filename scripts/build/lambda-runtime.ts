import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { copyRuntimeSdk } from './runtime-sdk.js';

/** The emulated /var/runtime: the bootstrap that loads handlers, and the AWS SDK the runtime provides. */
export interface LambdaRuntime {
  dir: string;
  bootstrap: string;
  /** How many packages the SDK folder holds (the `@aws-sdk/*` clients asked for and what they need). */
  sdkPackages: number;
  remove(): Promise<void>;
}

const bootstrapSource = fileURLToPath(new URL('./lambda-bootstrap.ts', import.meta.url));

export async function prepareLambdaRuntime(root: string, sdkClients: readonly string[]): Promise<LambdaRuntime> {
  const dir = await mkdtemp(join(tmpdir(), 'lambda-runtime-'));
  try {
    const bootstrap = join(dir, 'bootstrap.mjs');
    await build({ entryPoints: [bootstrapSource], outfile: bootstrap, bundle: true, platform: 'node', target: 'node24', format: 'esm', logLevel: 'silent' });
    const sdkPackages = await copyRuntimeSdk(root, sdkClients, dir);
    return { dir, bootstrap, sdkPackages, remove: () => rm(dir, { recursive: true, force: true }) };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
