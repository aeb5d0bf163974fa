import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type AppBuild, type AppName } from '../../scripts/build/apps.js';
import { repositoryRoot, serveApp, type ServedApp } from './browser.js';
import { startSystem, type System, type SystemOptions } from './system.js';

export interface ServedBuild {
  app: ServedApp;
  build: AppBuild;
}

export interface AppsUnderTest<N extends AppName> {
  system: System;
  apps: Record<N, ServedBuild>;
  stop(): Promise<void>;
}

/** The <meta> setting through which each app finds its API. */
const apiSetting: Record<AppName, { meta: string; url: (system: System) => string }> = {
  staff: { meta: 'loyalty-admin-api', url: (system) => system.admin.url },
  customer: { meta: 'loyalty-customer-api', url: (system) => system.customer.url },
};

/**
 * The named apps built as for production, each served on a free port, all talking to one real system
 * whose CORS allows every one of them. A server reads its folder on each request, so it listens (and
 * names the origin CORS must allow) before its build ends.
 */
export async function startApps<N extends AppName>(names: readonly N[], options: SystemOptions = {}): Promise<AppsUnderTest<N>> {
  const served = await Promise.all(
    names.map(async (name) => {
      const outDir = await mkdtemp(join(tmpdir(), `${name}-app-`));
      const meta: Record<string, string> = {};
      return { name, outDir, meta, app: await serveApp(outDir, meta) };
    }),
  );
  const [system, ...builds] = await Promise.all([
    startSystem({ ...options, env: { ...options.env, CORS_ORIGINS: served.map(({ app }) => app.url).join(',') } }),
    ...served.map(({ name, outDir }) => buildApp(repositoryRoot, name, outDir)),
  ]);
  const apps = {} as Record<N, ServedBuild>;
  served.forEach(({ name, meta, app }, index) => {
    meta[apiSetting[name].meta] = apiSetting[name].url(system);
    apps[name] = { app, build: builds[index] as AppBuild };
  });
  return {
    system,
    apps,
    async stop() {
      await Promise.all(served.map(({ app }) => app.stop()));
      await system.stop();
      await Promise.all(served.map(({ outDir }) => rm(outDir, { recursive: true, force: true })));
    },
  };
}

export interface AppUnderTest extends ServedBuild {
  system: System;
  stop(): Promise<void>;
}

/** One app on its own system. */
export async function startApp(name: AppName, options: SystemOptions = {}): Promise<AppUnderTest> {
  const { system, apps, stop } = await startApps([name], options);
  return { system, ...apps[name], stop };
}
