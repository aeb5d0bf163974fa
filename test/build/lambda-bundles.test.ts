import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@loyalty/testing';
import { lambdaFunctions } from '@loyalty/topology';
import { overBudget, type MeasuredLambda } from '../../scripts/build/budgets.js';
import { bundleLambda } from '../../scripts/build/bundle-lambda.js';
import { buildLambdas, type LambdaArtifact } from '../../scripts/build/lambdas.js';
import { measureLambdas } from '../../scripts/build/measure-lambdas.js';
import { readZipEntries, zipFiles } from '../../scripts/build/zip.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let outDir: string;
let db: TestDatabase;
let artifacts: LambdaArtifact[];
let measured: MeasuredLambda[];

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'lambda-zips-'));
  db = await createTestDatabase();
  artifacts = await buildLambdas(root, outDir);
  measured = await measureLambdas(root, artifacts, db.url, 5);
}, 180_000);
afterAll(async () => {
  await db?.drop();
  await rm(outDir, { recursive: true, force: true });
});

describe('the Lambda zips of npm run build', () => {
  it('builds one zip per declared function, holding exactly index.mjs and its source map', async () => {
    expect(artifacts.map((artifact) => artifact.name).sort()).toEqual(Object.keys(lambdaFunctions).sort());
    for (const artifact of artifacts) {
      const entries = await readZipEntries(artifact.zipPath);
      expect(Object.keys(entries).sort()).toEqual(['index.mjs', 'index.mjs.map']);
      const code = new TextDecoder().decode(entries['index.mjs']);
      expect(code.trimEnd().endsWith('//# sourceMappingURL=index.mjs.map')).toBe(true);
      const map = JSON.parse(new TextDecoder().decode(entries['index.mjs.map'])) as { version: number; sources: string[] };
      expect(map.version).toBe(3);
      expect(map.sources).toContain(artifact.definition.entry);
    }
  });

  it("asks pino's call sites without the source map, which would otherwise be parsed whole (+40 MiB of heap) under --enable-source-maps", async () => {
    for (const artifact of artifacts) {
      const code = new TextDecoder().decode((await readZipEntries(artifact.zipPath))['index.mjs']);
      const calls = [...code.matchAll(/\(\{sourceMap:!1\}\)\.slice\(2\)\.map\(/g)].length;
      expect({ name: artifact.name, unmapped: calls }).toEqual({ name: artifact.name, unmapped: 1 });
    }
  });

  it('leaves to the runtime only the AWS SDK clients each function uses', () => {
    const imports = Object.fromEntries(artifacts.map((artifact) => [artifact.name, artifact.runtimeImports]));
    // Secrets Manager is imported on first use only: on AWS, to read DATABASE_URL_SECRET_ARN at init.
    const secrets = '@aws-sdk/client-secrets-manager';
    expect(imports).toEqual({
      'transactions-processor': [secrets],
      'points-expiry': [secrets],
      notifier: [secrets, '@aws-sdk/client-sesv2'],
      'cognito-email-sender': ['@aws-sdk/client-kms', secrets, '@aws-sdk/client-sesv2'],
      analytics: [secrets],
      'analytics-insights': [secrets],
      // lib-storage is imported when the first export uploads and the presigner at the first link, not at init.
      exporter: ['@aws-sdk/client-s3', secrets, '@aws-sdk/lib-storage', '@aws-sdk/s3-request-presigner'],
      'campaign-sender': [secrets, '@aws-sdk/client-sesv2'],
      'audit-writer': ['@aws-sdk/client-dynamodb', secrets, '@aws-sdk/lib-dynamodb'],
      'history-writer': ['@aws-sdk/client-dynamodb', secrets, '@aws-sdk/lib-dynamodb'],
    });
  });

  it('starts every function within budget in a bare Node 24 with only the runtime SDK, opening no socket at import', () => {
    for (const lambda of measured) {
      expect({ name: lambda.artifact.name, over: overBudget(lambda) }).toEqual({ name: lambda.artifact.name, over: [] });
    }
    // An empty batch needs no connection; the expiry, insights and campaign runs query the database.
    const sockets = Object.fromEntries(measured.map((lambda) => [lambda.artifact.name, lambda.coldStart.socketsAfterFirstInvoke]));
    expect(sockets).toEqual({
      'transactions-processor': 0,
      'points-expiry': 1,
      notifier: 0,
      'cognito-email-sender': 0,
      analytics: 0,
      'analytics-insights': 1,
      exporter: 0,
      'campaign-sender': 1,
      'audit-writer': 0,
      'history-writer': 0,
    });
  });

  it('zips the same code into the same bytes, so the deployed code hash changes only with the code', async () => {
    const processor = artifacts.find((artifact) => artifact.name === 'transactions-processor')!;
    const again = await bundleLambda(processor.definition.entry, root);
    const rebuilt = zipFiles({ 'index.mjs': again.code, 'index.mjs.map': again.sourceMap });
    expect(Buffer.from(rebuilt).equals(await readFile(processor.zipPath))).toBe(true);
  });
});
