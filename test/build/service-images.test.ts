import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { adminQuery, uniquePrefix, waitFor, withDatabase } from '@loyalty/testing';
import { awsClients, destroyClients, ensureUser, provisionTopology, signIn, type AwsClients, type ProvisionedTopology } from '@loyalty/topology';
import { AdminAddUserToGroupCommand } from '@aws-sdk/client-cognito-identity-provider';
import { buildServices, serviceImages, type ServiceImage } from '../../scripts/build/services.js';
import { environment, execForm, lastInstruction, parseDockerfile, type Stage } from '../support/dockerfile.js';
import { call } from '../support/http.js';
import { receiveAll } from '../support/queues.js';
import { userPoolEnv } from '../support/user-pool-env.js';

/**
 * What the images would run, run here: Docker is not available, so each built folder is copied to a
 * directory outside the repository (as the Dockerfile copies it to /app, with no node_modules above
 * it) and started with the Dockerfile's own ENTRYPOINT + CMD, its ENV, and plain Node 24 in place of
 * /nodejs/bin/node, against the tests' Postgres, Redis and emulators.
 */

const IMAGE_ROOT = '/app';
const IMAGE_NODE = '/nodejs/bin/node';

interface Image {
  service: ServiceImage;
  final: Stage;
  /** Where /app is here. */
  appDir: string;
}

interface RunningImage {
  url: string;
  port: number;
  startupMs: number;
  child: ChildProcess;
  output: () => string;
}

const images = new Map<ServiceImage['name'], Image>();
const running = new Map<ServiceImage['name'], RunningImage>();
const tempDirs: string[] = [];
let clients: AwsClients;
let topology: ProvisionedTopology;
let databaseUrl: string;
let databaseName: string;

const image = (name: ServiceImage['name']) => images.get(name)!;
const started = (name: ServiceImage['name']) => running.get(name)!;

async function dockerfileStages(service: ServiceImage): Promise<Stage[]> {
  return parseDockerfile(await readFile(join(process.cwd(), 'services', service.name, 'Dockerfile'), 'utf8'));
}

/** A path in the image mapped to this machine: /app → the copied folder, the image's node → this Node 24. */
function here(imagePath: string, appDir: string): string {
  if (imagePath === IMAGE_NODE) return process.execPath;
  if (imagePath === IMAGE_ROOT || imagePath.startsWith(`${IMAGE_ROOT}/`)) return join(appDir, relative(IMAGE_ROOT, imagePath));
  return imagePath;
}

function imageCommand({ final, appDir }: Image): string[] {
  return [...execForm(lastInstruction(final, 'ENTRYPOINT')!), ...execForm(lastInstruction(final, 'CMD')!)].map((arg) => here(arg, appDir));
}

function healthcheckCommand({ final, appDir }: Image): string[] {
  const healthcheck = lastInstruction(final, 'HEALTHCHECK')!;
  return execForm(healthcheck.slice(healthcheck.indexOf('CMD ') + 'CMD '.length)).map((arg) => here(arg, appDir));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The image's ENV, then what the ECS task definition passes; loopback because this test runs on a shared machine. */
function taskEnvironment(img: Image, port: number): NodeJS.ProcessEnv {
  return {
    ...environment(img.final),
    LISTEN_HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.TEST_REDIS_URL,
    RESOURCE_PREFIX: topology.prefix,
    AWS_REGION: 'us-east-1',
    ...Object.fromEntries(Object.entries(process.env).filter(([key]) => key.startsWith('AWS_ENDPOINT_URL'))),
    ...userPoolEnv(topology.userPools),
    QR_SIGNING_SECRET: 'image-test-qr-signing-secret-of-32-characters',
    AUTH_SESSION_SECRET: 'image-test-auth-session-secret-of-32-characters',
    UNSUBSCRIBE_SIGNING_SECRET: 'image-test-unsubscribe-secret-of-32-characters',
  };
}

function runHealthcheck(img: Image, port: number): Promise<number | null> {
  const [command, ...args] = healthcheckCommand(img);
  const child = spawn(command!, args, {
    cwd: here(lastInstruction(img.final, 'WORKDIR')!, img.appDir),
    env: { ...environment(img.final), PORT: String(port) },
  });
  return once(child, 'exit').then(([code]) => code as number | null);
}

async function start(name: ServiceImage['name']): Promise<RunningImage> {
  const img = image(name);
  const port = await freePort();
  const [command, ...args] = imageCommand(img);
  const began = performance.now();
  const child = spawn(command!, args, {
    cwd: here(lastInstruction(img.final, 'WORKDIR')!, img.appDir),
    env: taskEnvironment(img, port),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const exitedEarly = once(child, 'exit').then(([code]) => {
    throw new Error(`${name} exited with ${String(code)} before answering /healthz:\n${output}`);
  });
  const healthy = waitFor(async () => (await fetch(`${url}/healthz`).catch(() => undefined))?.status === 200, {
    timeoutMs: 30_000,
    description: `${name} to answer /healthz`,
  });
  // Handled here too, so the exit at stop() is not an unhandled rejection once the race is over.
  exitedEarly.catch(() => undefined);
  await Promise.race([healthy, exitedEarly]);
  const runningImage = { url, port, startupMs: Math.round(performance.now() - began), child, output: () => output };
  running.set(name, runningImage);
  return runningImage;
}

async function stop(img: RunningImage): Promise<void> {
  if (img.child.exitCode !== null) return;
  const exited = once(img.child, 'exit');
  img.child.kill('SIGTERM');
  await exited;
}

async function staffToken(email: string): Promise<string> {
  const pool = topology.userPools.staff;
  const user = await ensureUser(clients.cognito, pool, email);
  await clients.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: pool.userPoolId, Username: email, GroupName: 'owner' }));
  return signIn(clients.cognito, user);
}

beforeAll(async () => {
  const built = await buildServices({ outDir: await temp('loyalty-service-build-') });
  for (const folder of built) {
    const service = serviceImages.find((candidate) => candidate.name === folder.name)!;
    const appDir = join(await temp(`loyalty-image-${service.name}-`), 'app');
    await cp(folder.dir, appDir, { recursive: true });
    images.set(service.name, { service, final: (await dockerfileStages(service)).at(-1)!, appDir });
  }

  clients = awsClients();
  topology = await provisionTopology(clients, { prefix: uniquePrefix('img') });
  // Empty, not cloned from the migrated template: the built API must migrate it itself.
  const adminUrl = process.env.TEST_PG_ADMIN_URL!;
  databaseName = `${process.env.TEST_PG_TEMPLATE!.replace(/_template$/, '')}_images`;
  await adminQuery(adminUrl, `create database "${databaseName}"`);
  databaseUrl = withDatabase(adminUrl, databaseName);

  // The admin API first: it migrates, and the relay does not.
  await start('admin');
  await Promise.all([start('customer'), start('outbox-relay')]);
  console.log(`start-up to /healthz 200 (ms): ${[...running].map(([name, img]) => `${name} ${img.startupMs}`).join(', ')}`);
}, 120_000);

afterAll(async () => {
  await Promise.all([...running.values()].map(stop));
  if (clients) destroyClients(clients);
  if (databaseName) await adminQuery(process.env.TEST_PG_ADMIN_URL!, `drop database if exists "${databaseName}" with (force)`);
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function temp(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

describe.each(serviceImages.map((service) => [service.name]))('the %s image', (name) => {
  test('its Dockerfile builds only its own folder into a non-root runtime stage that starts main.mjs and checks healthcheck.mjs', async () => {
    const stages = await dockerfileStages(image(name).service);
    const [build, final] = [stages[0]!, stages.at(-1)!];
    expect(stages).toHaveLength(2);
    expect(build.instructions.find((i) => i.keyword === 'RUN')?.args).toContain(`npm run build:services -- ${name}`);
    expect(final.from).toMatch(/^gcr\.io\/distroless\/nodejs24-debian\d+:nonroot$/);
    expect(final.instructions.filter((i) => i.keyword === 'COPY').map((i) => i.args)).toEqual([`--from=${build.name} /repo/dist/${name}/ ${IMAGE_ROOT}/`]);
    expect(lastInstruction(final, 'USER')).toBe('nonroot');
    expect(lastInstruction(final, 'WORKDIR')).toBe(IMAGE_ROOT);
    const env = environment(final);
    expect(env).toMatchObject({ NODE_ENV: 'production', LISTEN_HOST: '0.0.0.0', PORT: String(image(name).service.port) });
    expect(env.PATH?.split(':')).toContain(dirname(IMAGE_NODE));
    expect(lastInstruction(final, 'EXPOSE')).toBe(env.PORT);

    const [node, entry] = imageCommand(image(name));
    expect(node).toBe(process.execPath);
    expect(entry).toBe(join(image(name).appDir, 'main.mjs'));
    expect(existsSync(entry!)).toBe(true);
    const [, check] = healthcheckCommand(image(name));
    expect(check).toBe(join(image(name).appDir, 'healthcheck.mjs'));
    expect(existsSync(check!)).toBe(true);
  });

  test('its folder is self-contained: no node_modules in it or anywhere above the copy', async () => {
    const { appDir, service } = image(name);
    const files = (await readdir(appDir, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => relative(appDir, join(e.parentPath, e.name)));
    expect(files.sort()).toEqual(
      [
        'healthcheck.mjs',
        'main.mjs',
        'main.mjs.LEGAL.txt',
        ...(service.servesDocs ? ['swagger-ui/swagger-ui-bundle.js', 'swagger-ui/swagger-ui.css'] : []),
      ].sort(),
    );
    expect(relative(process.cwd(), appDir).startsWith('..')).toBe(true);
    for (let dir = appDir; ; dir = dirname(dir)) {
      expect(existsSync(join(dir, 'node_modules'))).toBe(false);
      if (dirname(dir) === dir) break;
    }
  });

  test('its health check exits 0 while the process serves /healthz, and 1 where nothing listens', async () => {
    const img = started(name);
    expect((await fetch(`${img.url}/healthz`)).status).toBe(200);
    expect(await runHealthcheck(image(name), img.port)).toBe(0);
    expect(await runHealthcheck(image(name), await freePort())).toBe(1);
  });
});

test("the built admin API migrated the empty database at start, exactly as the sources migrate the tests' template", async () => {
  const applied = async (url: string) =>
    (await adminQuery(url, 'select name from mikro_orm_migrations order by name')).rows.map((row: { name: string }) => row.name);
  const fromSources = await applied(withDatabase(process.env.TEST_PG_ADMIN_URL!, process.env.TEST_PG_TEMPLATE!));
  expect(fromSources.length).toBeGreaterThan(0);
  expect(await applied(databaseUrl)).toEqual(fromSources);
});

test('the built admin API verifies a staff token and founds a business in the database', async () => {
  const token = await staffToken(`owner-${Date.now()}@images.test`);
  const created = await call<{ id: string; name: string }>(started('admin').url, 'POST', '/businesses', { token, body: { name: 'Built Bakery' } });
  expect(created.status).toBe(201);
  expect(created.body.name).toBe('Built Bakery');
  const listed = await call<{ items: { id: string }[] }>(started('admin').url, 'GET', `/businesses/${created.body.id}/brands`, { token });
  expect(listed.status).toBe(200);
});

test('the built customer API registers an account in Cognito, and the built relay publishes its audit event to SNS', async () => {
  const email = `registered-${Date.now()}@images.test`;
  const registered = await call(started('customer').url, 'POST', '/auth/register', { body: { email, password: 'Image-test-passw0rd!', displayName: 'Ada' } });
  expect(registered.status).toBe(202);

  const seen: string[] = [];
  await waitFor(
    async () => {
      seen.push(...(await receiveAll(clients.sqs, topology.queues.audit.url)));
      return seen.some((body) => body.includes(email));
    },
    { timeoutMs: 15_000, description: `an event about ${email} in the audit queue` },
  );
  const event = JSON.parse(seen.find((body) => body.includes(email))!) as { type: string };
  expect(event.type).toBe('audit.security');
});

test('the built APIs serve their Swagger UI from the assets beside the bundle', async () => {
  for (const name of ['customer', 'admin'] as const) {
    const page = await fetch(`${started(name).url}/docs`);
    expect(page.status).toBe(200);
    const bundle = await fetch(`${started(name).url}/docs/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  }
});

test('the built relay reports itself ready: database reachable, SNS breaker closed', async () => {
  const ready = await call<{ status: string; checks: Record<string, string> }>(started('outbox-relay').url, 'GET', '/readyz');
  expect(ready.status).toBe(200);
  expect(ready.body.checks).toEqual({ database: 'ok', eventPublishing: 'ok' });
});
