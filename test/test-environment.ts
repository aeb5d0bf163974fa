import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDatabase } from '@loyalty/db';
import { ensurePostgres, startLocalStack, type AwsEndpoints } from '@loyalty/local-stack';
import { adminQuery, withDatabase } from '@loyalty/testing';

export interface TestEnvironmentOptions {
  /** Starts the AWS emulators keeping their files under `dataDir`; in this process unless told otherwise. */
  startEmulators?: (dataDir: string) => Promise<{ endpoints: AwsEndpoints; stop(): Promise<void> }>;
}

/**
 * Starts what every test file shares: one PostgreSQL (the machine's, or an embedded one), a migrated
 * template database that each file clones, and the embedded AWS emulators. Values reach the test
 * workers through process.env, which they inherit.
 */
export async function startTestEnvironment({
  startEmulators = (dataDir) => startLocalStack({ dataDir }),
}: TestEnvironmentOptions = {}): Promise<() => Promise<void>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'loyalty-test-'));
  const postgres = await ensurePostgres({ url: process.env.TEST_DATABASE_URL, dataDir: join(dataDir, 'pg') });
  const template = `loyalty_test_${process.pid}_template`;
  await adminQuery(postgres.url, `drop database if exists "${template}" with (force)`);
  await adminQuery(postgres.url, `create database "${template}"`);
  const orm = await openDatabase({ databaseUrl: withDatabase(postgres.url, template), poolMax: 1 });
  await migrate(orm);
  await orm.close();

  const stack = await startEmulators(join(dataDir, 'aws'));
  Object.assign(process.env, {
    TEST_PG_ADMIN_URL: postgres.url,
    TEST_PG_TEMPLATE: template,
    TEST_REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_SNS: stack.endpoints.sns,
    AWS_ENDPOINT_URL_SQS: stack.endpoints.sqs,
    AWS_ENDPOINT_URL_S3: stack.endpoints.s3,
    AWS_ENDPOINT_URL_DYNAMODB: stack.endpoints.dynamodb,
    AWS_ENDPOINT_URL_SESV2: stack.endpoints.ses,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: stack.endpoints.cognito,
    // cognito-local keeps confirmation and reset codes in its user files; tests read them from there.
    TEST_COGNITO_DATA_DIR: join(dataDir, 'aws', 'cognito'),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
  });
  return async () => {
    await stack.stop();
    // Not LIKE: its `_` matches any character, so pid 123 would also drop the databases of a run with pid 1234.
    const leftovers = await adminQuery(postgres.url, `select datname from pg_database where starts_with(datname, 'loyalty_test_${process.pid}_')`);
    for (const row of leftovers.rows as { datname: string }[]) {
      await adminQuery(postgres.url, `drop database if exists "${row.datname}" with (force)`);
    }
    await postgres.stop();
  };
}
