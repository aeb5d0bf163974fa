import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeIdentityProvider {
  issuer: string;
  jwksUri: string;
  /** An RS256 ID token signed with this provider's published key (or, with `forge`, an unpublished one). */
  idToken(claims: { sub: string; aud: string; expiresInSeconds?: number }, options?: { forge?: boolean }): string;
  stop(): Promise<void>;
}

/** Stands in for Google or Apple (third parties we cannot run): an issuer with a JWKS endpoint and signed ID tokens. */
export async function startFakeIdentityProvider(): Promise<FakeIdentityProvider> {
  const kid = randomUUID();
  const published = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const forged = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...published.publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  const server: Server = createServer((req, res) => {
    res.writeHead(req.url === '/jwks' ? 200 : 404, { 'content-type': 'application/json' });
    res.end(req.url === '/jwks' ? JSON.stringify({ keys: [jwk] }) : '{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

  return {
    issuer,
    jwksUri: `${issuer}/jwks`,
    idToken({ sub, aud, expiresInSeconds = 300 }, { forge = false } = {}) {
      const now = Math.floor(Date.now() / 1000);
      const body = `${encode({ alg: 'RS256', typ: 'JWT', kid })}.${encode({ iss: issuer, sub, aud, iat: now, exp: now + expiresInSeconds })}`;
      const signature = createSign('RSA-SHA256')
        .update(body)
        .sign(forge ? forged.privateKey : published.privateKey)
        .toString('base64url');
      return `${body}.${signature}`;
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
