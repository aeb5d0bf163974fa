import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_POSTGRES_URL, ensurePostgres } from '@loyalty/local-stack';
import { awsClients, createDemoUsers, destroyClients, provisionTopology, type DemoUsers, type ProvisionedTopology } from '@loyalty/topology';
import { appUrls, assertAppPortsFree, startApps } from './local/apps.js';
import { awsPorts, startAws, type AwsSetup } from './local/aws.js';
import { banner } from './local/banner.js';
import { createChildren } from './local/child-processes.js';
import { ensureDatabase, migrateDatabase } from './local/database.js';
import { waitForHealthy } from './local/health.js';
import { say } from './local/log-formatter.js';
import { assertPortsFree } from './local/ports.js';
import { ensureRedis } from './local/redis.js';
import { apis, serviceSpecs } from './local/services.js';
import { createShutdown } from './local/shutdown.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dataDir = join(root, '.local');
const RESOURCE_PREFIX = 'local';

const shutdown = createShutdown();
let failed = false;
const onUnexpectedExit = (name: string, code: number | null, signal: NodeJS.Signals | null) => {
  failed = true;
  say(`!!! ${name} exited unexpectedly (${signal ?? `code ${code}`}); stopping everything`, 'error');
  void shutdown.exit(1);
};
const services = createChildren(onUnexpectedExit);
shutdown.onForce(() => services.kill());

try {
  await assertPortsFree(['customerApi', 'adminApi', 'outboxRelay', ...awsPorts()]);
  await assertAppPortsFree();

  say('starting Postgres…');
  const postgres = await ensurePostgres({ url: process.env.DATABASE_URL_ADMIN ?? DEFAULT_POSTGRES_URL, dataDir: join(dataDir, 'postgres') });
  if (postgres.embedded) {
    shutdown.claimSignals();
    shutdown.add('embedded Postgres', postgres.stop);
  }
  const databaseUrl = await ensureDatabase(postgres.url, 'loyalty');
  const migrations = await migrateDatabase(databaseUrl);
  say(migrations.length > 0 ? `migrated: ${migrations.join(', ')}` : 'database schema is up to date');

  const redis = await ensureRedis(process.env.REDIS_URL);
  if (redis.status === 'started') shutdown.add('Redis', redis.stop);
  if (redis.status === 'unavailable') say(`no Redis: ${redis.reason}. Nothing needs it yet; rate limits will.`, 'warn');

  say(process.env.AWS_ENDPOINT_URL ? `using LocalStack at ${process.env.AWS_ENDPOINT_URL}` : 'starting AWS emulators…');
  const aws = await startAws(join(dataDir, 'aws'));
  shutdown.add('AWS emulators', aws.stop);
  const { provisioned, demo } = await provision(aws);

  shutdown.add('services', () => services.stop());
  for (const spec of serviceSpecs(root, {
    databaseUrl,
    redisUrl: redis.status === 'unavailable' ? undefined : redis.url,
    awsEnv: aws.env,
    cognitoTrigger: aws.cognitoTrigger,
    provisioned,
  })) {
    services.start(spec);
  }
  await waitForHealthy([`${apis.customer}/healthz`, `${apis.admin}/healthz`, `${apis.outboxRelay}/healthz`], () => failed);
  const apps = await startApps(root, apis);
  shutdown.add('apps', apps.stop);

  process.stdout.write(`${banner({ apis, apps: appUrls, aws, postgres: { url: databaseUrl, embedded: postgres.embedded }, redis, provisioned, demo })}\n`);
} catch (error) {
  if (!failed) {
    say(`npm start failed: ${error instanceof Error ? error.message : String(error)}`, 'error');
    await shutdown.exit(1);
  }
}

async function provision(aws: AwsSetup): Promise<{ provisioned: ProvisionedTopology; demo: DemoUsers }> {
  const clients = awsClients(aws.endpoints);
  try {
    const provisioned = await provisionTopology(clients, { prefix: RESOURCE_PREFIX });
    const demo = await createDemoUsers(clients, provisioned);
    say('provisioned topics, queues, buckets, tables, user pools and demo users');
    return { provisioned, demo };
  } catch (error) {
    const hint = aws.kind === 'localstack' ? ' Is LocalStack running? docker compose -f docker-compose.localstack.yml up' : '';
    throw new Error(`provisioning AWS resources failed: ${error instanceof Error ? error.message : String(error)}.${hint}`);
  } finally {
    destroyClients(clients);
  }
}
