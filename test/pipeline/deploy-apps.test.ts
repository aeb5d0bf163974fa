import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { uniquePrefix } from '@loyalty/testing';
import { awsClients, destroyClients, type AwsClients } from '@loyalty/topology';

const script = fileURLToPath(new URL('../../.github/scripts/deploy-apps.sh', import.meta.url));
const html = (meta: string) => `<!doctype html><html><head>${meta}<script type="module" src="/assets/index-abc123.js"></script></head><body></body></html>`;

let clients: AwsClients;
let workDir: string;
let cloudFront: Server;
let cloudFrontUrl: string;
const invalidations: { distributionId: string; body: string }[] = [];
const buckets = { customer: `${uniquePrefix('app')}-customer-app`, staff: `${uniquePrefix('app')}-staff-app` };

/** The one CloudFront call the script makes, answered as CloudFront answers it; S3 is the emulator. */
function startCloudFront(): Promise<Server> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      const match = /^\/2020-05-31\/distribution\/([^/]+)\/invalidation$/.exec(request.url ?? '');
      if (request.method !== 'POST' || !match?.[1]) {
        response.writeHead(404).end();
        return;
      }
      invalidations.push({ distributionId: match[1], body });
      response.writeHead(201, { 'content-type': 'text/xml', location: `${cloudFrontUrl}${request.url}/I1` });
      response.end(
        '<?xml version="1.0"?><Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>I1</Id><Status>InProgress</Status>' +
          '<CreateTime>2026-12-01T00:00:00Z</CreateTime><InvalidationBatch><Paths><Quantity>1</Quantity><Items><Path>/index.html</Path></Items></Paths>' +
          '<CallerReference>test</CallerReference></InvalidationBatch></Invalidation>',
      );
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

beforeAll(async () => {
  clients = awsClients();
  cloudFront = await startCloudFront();
  cloudFrontUrl = `http://127.0.0.1:${(cloudFront.address() as AddressInfo).port}`;
  workDir = await mkdtemp(join(tmpdir(), 'deploy-apps-'));
  for (const bucket of Object.values(buckets)) await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  // What the previous release left: its asset stays for tabs still open on it, a file it no longer ships goes.
  await clients.s3.send(new PutObjectCommand({ Bucket: buckets.staff, Key: 'assets/index-old999.js', Body: 'old' }));
  await clients.s3.send(new PutObjectCommand({ Bucket: buckets.staff, Key: 'dropped.txt', Body: 'gone' }));

  await writeFiles(workDir, {
    'apps/customer/dist/index.html': html(
      '<meta name="loyalty-customer-api" content="http://127.0.0.1:3001" /><meta name="loyalty-hosted-ui" content="" /><meta name="loyalty-client-id" content="" />',
    ),
    'apps/customer/dist/sw.js': 'self.addEventListener("install", () => {});',
    'apps/customer/dist/assets/index-abc123.js': 'console.log("customer");',
    'apps/staff/dist/index.html': html('<meta name="loyalty-admin-api" content="http://127.0.0.1:3002" />'),
    'apps/staff/dist/assets/index-abc123.js': 'console.log("staff");',
    'apps/staff/dist/.vite/manifest.json': '{}',
    'outputs.json': JSON.stringify({
      apps: {
        value: {
          customer: { hostname: 'app.loyalty.example.com', bucket: buckets.customer, distributionId: 'ECUSTOMER' },
          staff: { hostname: 'staff.loyalty.example.com', bucket: buckets.staff, distributionId: 'ESTAFF' },
        },
      },
      cognito_domain_url: { value: 'https://acme-customers.auth.eu-west-1.amazoncognito.com' },
      topology: { value: { userPools: { customers: { clientId: 'client-123' } } } },
    }),
    // The emulator answers on a path, not on a bucket's host name.
    'aws-config': '[default]\nregion = us-east-1\ns3 =\n  addressing_style = path\n',
  });
}, 60_000);
afterAll(async () => {
  await new Promise<void>((resolve) => cloudFront?.close(() => resolve()));
  if (clients) destroyClients(clients);
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const object = async (bucket: string, key: string) => {
  const answer = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return { body: await answer.Body?.transformToString(), cacheControl: answer.CacheControl };
};
const keys = async (bucket: string) => ((await clients.s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((entry) => entry.Key).sort();

it('uploads each app with its settings, assets cached for good and the rest revalidated, then invalidates index.html', async () => {
  const { stdout } = await promisify(execFile)('bash', [script, 'outputs.json', 'loyalty.example.com'], {
    cwd: workDir,
    env: {
      ...process.env,
      AWS_CONFIG_FILE: join(workDir, 'aws-config'),
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_CLOUDFRONT: cloudFrontUrl,
    },
  });
  expect(stdout).toContain('deployed customer to https://app.loyalty.example.com');
  expect(stdout).toContain('deployed staff to https://staff.loyalty.example.com');

  const customerPage = await object(buckets.customer, 'index.html');
  expect(customerPage.cacheControl).toBe('no-cache');
  expect(customerPage.body).toContain('<meta name="loyalty-customer-api" content="https://api.loyalty.example.com" />');
  expect(customerPage.body).toContain('<meta name="loyalty-hosted-ui" content="https://acme-customers.auth.eu-west-1.amazoncognito.com" />');
  expect(customerPage.body).toContain('<meta name="loyalty-client-id" content="client-123" />');
  expect((await object(buckets.customer, 'sw.js')).cacheControl).toBe('no-cache');
  expect(await object(buckets.customer, 'assets/index-abc123.js')).toEqual({
    body: 'console.log("customer");',
    cacheControl: 'public, max-age=31536000, immutable',
  });
  expect((await object(buckets.staff, 'index.html')).body).toContain('<meta name="loyalty-admin-api" content="https://admin-api.loyalty.example.com" />');
  expect(await keys(buckets.staff)).toEqual(['assets/index-abc123.js', 'assets/index-old999.js', 'index.html']);
  await expect(clients.s3.send(new HeadObjectCommand({ Bucket: buckets.staff, Key: '.vite/manifest.json' }))).rejects.toThrow();

  expect(invalidations.map((call) => call.distributionId)).toEqual(['ECUSTOMER', 'ESTAFF']);
  for (const call of invalidations) expect(call.body).toContain('<Path>/index.html</Path>');
}, 120_000);
