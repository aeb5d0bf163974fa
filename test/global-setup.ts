import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';

/**
 * Jest loads this file through CommonJS, where the `.js` → `.ts` mapping of the test workers does not
 * apply, so the real set-up is imported through tsx, which resolves the workspace's ESM sources.
 */
export default async function globalSetup(): Promise<void> {
  const environment = (await tsImport('./test/test-environment.ts', pathToFileURL(`${process.cwd()}/`).href)) as typeof import('./test-environment.js');
  globalThis.__loyaltyTestTeardown = await environment.startTestEnvironment();
}

declare global {
  var __loyaltyTestTeardown: (() => Promise<void>) | undefined;
}
