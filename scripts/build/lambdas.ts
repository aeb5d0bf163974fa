import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lambdaFunctions, type LambdaFunctionDefinition, type LambdaFunctionName } from '@loyalty/topology';
import { bundleLambda } from './bundle-lambda.js';
import { zipFiles } from './zip.js';

export interface LambdaArtifact {
  name: LambdaFunctionName;
  definition: LambdaFunctionDefinition;
  zipPath: string;
  zipBytes: number;
  /** The `@aws-sdk/*` packages it imports from the runtime. */
  runtimeImports: string[];
}

/** Bundles every function of `lambdaFunctions` into `<outDir>/<name>.zip` holding `index.mjs` and `index.mjs.map`. */
export async function buildLambdas(root: string, outDir: string): Promise<LambdaArtifact[]> {
  await mkdir(outDir, { recursive: true });
  const entries = Object.entries(lambdaFunctions) as [LambdaFunctionName, LambdaFunctionDefinition][];
  return Promise.all(
    entries.map(async ([name, definition]) => {
      const bundle = await bundleLambda(definition.entry, root);
      const zip = zipFiles({ 'index.mjs': bundle.code, 'index.mjs.map': bundle.sourceMap });
      const zipPath = join(outDir, `${name}.zip`);
      await writeFile(zipPath, zip);
      return { name, definition, zipPath, zipBytes: zip.byteLength, runtimeImports: bundle.runtimeImports };
    }),
  );
}
