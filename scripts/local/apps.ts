import { join } from 'node:path';
import { createServer, type ViteDevServer } from 'vite';
import type { Apis } from './services.js';
import { HOST, isFree } from './ports.js';

/** Fixed like the APIs' ports: the APIs' CORS allow-lists name these origins. */
export const APP_PORTS = { staff: 5173, customer: 5174 } as const;

export type AppUrls = Record<keyof typeof APP_PORTS, string>;

export const appUrls: AppUrls = { staff: `http://${HOST}:${APP_PORTS.staff}`, customer: `http://${HOST}:${APP_PORTS.customer}` };

export async function assertAppPortsFree(): Promise<void> {
  for (const [app, port] of Object.entries(APP_PORTS)) {
    if (!(await isFree(port))) throw new Error(`Port ${HOST}:${port} (${app} app) is already in use. See who holds it: ss -ltnp 'sport = :${port}'`);
  }
}

/** Both apps as Vite dev servers (hot reload), told where the APIs are through the VITE_* settings their index.html reads. */
export async function startApps(root: string, apis: Apis): Promise<{ stop(): Promise<void> }> {
  Object.assign(process.env, { VITE_CUSTOMER_API_URL: apis.customer, VITE_ADMIN_API_URL: apis.admin });
  const servers: ViteDevServer[] = [];
  for (const [app, port] of Object.entries(APP_PORTS)) {
    const appRoot = join(root, 'apps', app);
    const server = await createServer({
      root: appRoot,
      configFile: join(appRoot, 'vite.config.ts'),
      logLevel: 'warn',
      server: { host: HOST, port, strictPort: true },
    });
    await server.listen();
    servers.push(server);
  }
  return { stop: async () => void (await Promise.all(servers.map((server) => server.close()))) };
}
