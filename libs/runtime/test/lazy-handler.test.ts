import { ConfigError, databaseEnv, loadConfig } from '@loyalty/platform';
import { lazyHandler, type SecretFetcher } from '../src/index.js';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:test-database-url-AbCdEf';
const DATABASE_URL = 'postgres://loyalty:s3cret@db.internal:5432/loyalty';

/** What a Lambda entry does at init: validate the environment it is given into its config. */
const configHandler = (env: NodeJS.ProcessEnv, fetchSecret: SecretFetcher) =>
  lazyHandler(
    async (resolved) => {
      const config = loadConfig(databaseEnv, resolved);
      return async () => config.DATABASE_URL;
    },
    { env, fetchSecret },
  );

function recordingFetcher(secrets: Record<string, string>) {
  const fetched: string[] = [];
  const fetchSecret: SecretFetcher = async (arn) => {
    fetched.push(arn);
    const value = secrets[arn];
    if (value === undefined) throw new Error(`ResourceNotFoundException: ${arn}`);
    return value;
  };
  return { fetched, fetchSecret };
}

test('on AWS the database URL comes from the secret named by DATABASE_URL_SECRET_ARN, read once per cold start', async () => {
  const { fetched, fetchSecret } = recordingFetcher({ [SECRET_ARN]: DATABASE_URL });
  const handler = configHandler({ DATABASE_URL_SECRET_ARN: SECRET_ARN }, fetchSecret);

  expect(fetched).toEqual([]);
  expect(await handler()).toBe(DATABASE_URL);
  expect(await handler()).toBe(DATABASE_URL);
  expect(fetched).toEqual([SECRET_ARN]);
});

test('a DATABASE_URL set directly wins and reads no secret', async () => {
  const { fetched, fetchSecret } = recordingFetcher({});
  const handler = configHandler({ DATABASE_URL: 'postgres://127.0.0.1:5432/test', DATABASE_URL_SECRET_ARN: SECRET_ARN }, fetchSecret);
  expect(await handler()).toBe('postgres://127.0.0.1:5432/test');
  expect(fetched).toEqual([]);
});

test('with neither set, the first invocation fails with a message naming both variables', async () => {
  const handler = configHandler({}, recordingFetcher({}).fetchSecret);
  const failure = handler();
  await expect(failure).rejects.toBeInstanceOf(ConfigError);
  await expect(failure).rejects.toThrow(/DATABASE_URL: missing: set DATABASE_URL, or on AWS DATABASE_URL_SECRET_ARN/);
});

test('a secret that holds no postgres URL fails validation like a bad variable', async () => {
  const handler = configHandler({ DATABASE_URL_SECRET_ARN: SECRET_ARN }, recordingFetcher({ [SECRET_ARN]: 'mysql://elsewhere/db' }).fetchSecret);
  await expect(handler()).rejects.toThrow(/DATABASE_URL: must be a postgres:\/\/ URL/);
});

test('an unreadable secret fails the invocation with its ARN, and the next invocation tries again', async () => {
  const secrets: Record<string, string> = {};
  const { fetched, fetchSecret } = recordingFetcher(secrets);
  const handler = configHandler({ DATABASE_URL_SECRET_ARN: SECRET_ARN }, fetchSecret);

  await expect(handler()).rejects.toThrow(new RegExp(`DATABASE_URL: secret ${SECRET_ARN} could not be read \\(Error: ResourceNotFoundException`));
  secrets[SECRET_ARN] = DATABASE_URL;
  expect(await handler()).toBe(DATABASE_URL);
  expect(fetched).toEqual([SECRET_ARN, SECRET_ARN]);
});
