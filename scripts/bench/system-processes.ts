import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { freePort } from '@loyalty/local-stack';
import { createTestDatabase, uniquePrefix, type TestDatabase } from '@loyalty/testing';
import { awsClients, destroyClients, provisionTopology, type AwsClients, type ProvisionedTopology } from '@loyalty/topology';
import { waitForHealthy } from '../local/health.js';
import { apisAt, serviceSpecs, type Apis } from '../local/services.js';
import { ensureBuiltServices, type BuiltName } from './built-services.js';
import { serviceProcess, type ServiceProcess } from './service-process.js';

export interface SystemProcesses {
  db: TestDatabase;
  apis: Apis;
  clients: AwsClients;
  provisioned: ProvisionedTopology;
  /** Every service, in serviceSpecs order. */
  services: ServiceProcess[];
  /** The two APIs. */
  apiServices: ServiceProcess[];
  /** The relay and every consumer: what the write-path run stops so only the API's write is measured. */
  pipeline: ServiceProcess[];
  /** How each service runs, e.g. `admin-api: node dist/admin/main.mjs`. */
  runners: string[];
  builtBundles: string;
  logDir: string;
  startPipeline(): Promise<void>;
  stopPipeline(): Promise<void>;
  /** Set once a service exited that nobody stopped. */
  failure(): string | undefined;
  stop(): Promise<void>;
}

const builtFor: Record<string, BuiltName> = { 'customer-api': 'customer', 'admin-api': 'admin', 'outbox-relay': 'outbox-relay' };

/**
 * The system as `npm start` runs it, beside anything else on the machine: a database cloned from the
 * migrated template (startTestEnvironment must have run), its own prefixed topics, queues and user pools
 * on the emulators the environment started in this process, free ports, and every service a process of
 * its own. The APIs and the relay run from the built bundles with plain `node`, as production does; the
 * consumers from TypeScript through tsx, as `npm start` runs them (they ship as Lambda zips).
 */
export async function startSystemProcesses(options: { root: string; env: NodeJS.ProcessEnv; log: (line: string) => void }): Promise<SystemProcesses> {
  const { root, log } = options;
  const built = await ensureBuiltServices(root, log);
  const db = await createTestDatabase();
  const clients = awsClients();
  const provisioned = await provisionTopology(clients, { prefix: uniquePrefix('bench') });
  const ports = { customerApi: await freePort(), adminApi: await freePort(), outboxRelay: await freePort() };
  const awsEnv = Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => entry[0].startsWith('AWS_ENDPOINT_URL') && entry[1] !== undefined),
  );
  const logDir = await mkdtemp(join(tmpdir(), 'loyalty-bench-logs-'));

  let failed: string | undefined;
  const onUnexpectedExit = (name: string, code: number | null, signal: NodeJS.Signals | null) => {
    failed ??= `${name} exited unexpectedly (${signal ?? `code ${code}`}); see ${join(logDir, `${name}.log`)}`;
  };
  const specs = serviceSpecs(root, { databaseUrl: db.url, redisUrl: process.env.TEST_REDIS_URL, awsEnv, provisioned }, ports);
  const services = specs.map((spec) => {
    const bundle = builtFor[spec.name];
    return serviceProcess(
      {
        name: spec.name,
        entry: bundle ? built.entries[bundle] : spec.entry,
        runner: bundle ? 'node' : 'tsx',
        cwd: spec.cwd,
        env: { ...spec.env, ...options.env },
      },
      logDir,
      onUnexpectedExit,
    );
  });
  const apis = apisAt(ports);
  const apiServices = services.filter((service) => service.launch.name.endsWith('-api'));
  const pipeline = services.filter((service) => !apiServices.includes(service));
  const relayUp = () => waitForHealthy([`${apis.outboxRelay}/healthz`], () => failed !== undefined);

  const system: SystemProcesses = {
    db,
    apis,
    clients,
    provisioned,
    services,
    apiServices,
    pipeline,
    runners: services.map(({ launch }) => `${launch.name}: ${launch.runner} ${relative(root, resolve(launch.cwd, launch.entry))}`),
    builtBundles: built.rebuilt ? `built at bench start (${built.reason})` : `reused (${built.reason})`,
    logDir,
    async startPipeline() {
      for (const service of pipeline) service.start();
      await relayUp();
    },
    async stopPipeline() {
      await Promise.all(pipeline.map((service) => service.stop()));
    },
    failure: () => failed,
    async stop() {
      await Promise.all(services.map((service) => service.stop()));
      destroyClients(clients);
      await db.drop().catch((error: unknown) => log(`dropping the bench database: ${error instanceof Error ? error.message : String(error)}`));
    },
  };
  try {
    for (const service of apiServices) service.start();
    await waitForHealthy([`${apis.customer}/healthz`, `${apis.admin}/healthz`], () => failed !== undefined);
    return system;
  } catch (error) {
    await system.stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}${failed ? `: ${failed}` : ''}`);
  }
}
