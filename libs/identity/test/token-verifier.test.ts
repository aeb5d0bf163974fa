import { createRequire } from 'node:module';
import { createSign } from 'node:crypto';
import { CreateUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import { uniquePrefix } from '@loyalty/testing';
import { awsClients, destroyClients, ensureUser, provisionTopology, signIn, type ProvisionedTopology } from '@loyalty/topology';
import { createTokenVerifier, memoryDenylist, type TokenVerifier } from '../src/index.js';

// cognito-local signs every token with this key; re-signing a real token's claims lets a test vary one claim at a time.
const { pem } = createRequire(import.meta.url)('cognito-local/lib/keys/cognitoLocal.private.json') as { pem: string };

const clients = awsClients();
let topology: ProvisionedTopology;
let verifier: TokenVerifier;
const denylist = memoryDenylist();
let token: string;

beforeAll(async () => {
  topology = await provisionTopology(clients, { prefix: uniquePrefix('verifier') });
  verifier = createTokenVerifier(topology.userPools.customers, denylist);
  token = await signIn(clients.cognito, await ensureUser(clients.cognito, topology.userPools.customers, 'ada@example.com'));
});
afterAll(() => destroyClients(clients));

const bearer = (value: string) => `Bearer ${value}`;
const rejected = (value: string) => expect(verifier.verify(bearer(value))).rejects.toMatchObject({ status: 401, code: 'UNAUTHORIZED' });

function resigned(claims: (payload: Record<string, unknown>) => Record<string, unknown>): string {
  const [header, payload] = token.split('.') as [string, string];
  const body = `${header}.${Buffer.from(JSON.stringify(claims(JSON.parse(Buffer.from(payload, 'base64url').toString())))).toString('base64url')}`;
  return `${body}.${createSign('RSA-SHA256').update(body).sign(pem).toString('base64url')}`;
}

test('a genuine access token of our pool and client is accepted, with who it belongs to and until when', async () => {
  const principal = await verifier.verify(bearer(token));
  expect(principal).toMatchObject({ username: expect.any(String), sub: expect.any(String), groups: [] });
  expect(principal.expiresAt.getTime()).toBeGreaterThan(Date.now());
});

test('an expired token is refused, though its signature is good', async () => {
  await expect(verifier.verify(bearer(resigned((p) => ({ ...p, exp: Math.floor(Date.now() / 1000) + 600 }))))).resolves.toBeDefined();
  await rejected(resigned((p) => ({ ...p, exp: Math.floor(Date.now() / 1000) - 60 })));
});

test('a token for another app client, another pool or another use is refused', async () => {
  const { UserPoolClient } = await clients.cognito.send(
    new CreateUserPoolClientCommand({ UserPoolId: topology.userPools.customers.userPoolId, ClientName: 'other-app' }),
  );
  const otherClient = await signIn(clients.cognito, {
    ...(await ensureUser(clients.cognito, topology.userPools.customers, 'bob@example.com')),
    clientId: UserPoolClient!.ClientId!,
  });
  await rejected(otherClient);
  await rejected(await signIn(clients.cognito, await ensureUser(clients.cognito, topology.userPools.staff, 'staff@example.com')));
  await rejected(resigned((p) => ({ ...p, token_use: 'id' })));
});

test('a forged or tampered token is refused', async () => {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
  await rejected(`${header}.${Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url')}.${signature}`);
  await rejected(`${header}.${payload}.${Buffer.from('forged').toString('base64url')}`);
  await expect(verifier.verify(undefined)).rejects.toMatchObject({ status: 401 });
});

test('a signed-out token is refused from then on', async () => {
  const fresh = await signIn(clients.cognito, await ensureUser(clients.cognito, topology.userPools.customers, 'carol@example.com'));
  const principal = await verifier.verify(bearer(fresh));
  await denylist.deny(fresh, principal.expiresAt);
  await rejected(fresh);
});
