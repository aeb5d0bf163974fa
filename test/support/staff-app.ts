import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type AppBuild } from '../../scripts/build/apps.js';
import { repositoryRoot, serveApp, type ServedApp } from './browser.js';
import { startSystem, type System } from './system.js';

export interface StaffAppUnderTest {
  system: System;
  app: ServedApp;
  build: AppBuild;
  stop(): Promise<void>;
}

/** The staff app built as for production, served on a free port, talking to the real system (processors on), whose CORS allows it. */
export async function startStaffApp(): Promise<StaffAppUnderTest> {
  const outDir = await mkdtemp(join(tmpdir(), 'staff-app-'));
  const meta: Record<string, string> = {};
  const app = await serveApp(outDir, meta);
  const [build, system] = await Promise.all([buildApp(repositoryRoot, 'staff', outDir), startSystem({ env: { CORS_ORIGINS: app.url } })]);
  meta['loyalty-admin-api'] = system.admin.url;
  return {
    system,
    app,
    build,
    async stop() {
      await app.stop();
      await system.stop();
      await rm(outDir, { recursive: true, force: true });
    },
  };
}
