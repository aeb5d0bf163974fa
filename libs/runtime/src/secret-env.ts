import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigError } from '@loyalty/platform';

/** Returns the secret's string; given the ARN of a Secrets Manager secret. */
export type SecretFetcher = (secretArn: string) => Promise<string>;

/**
 * Variables that may come as `<NAME>_SECRET_ARN` instead: on AWS the functions get the ARN (the value
 * stays out of the function's configuration) and read it once per cold start.
 */
const SECRET_VARIABLES = ['DATABASE_URL', 'UNSUBSCRIBE_SIGNING_SECRET'] as const;

/**
 * The environment with every `<NAME>_SECRET_ARN` replaced by the secret's value as `<NAME>`. A value
 * set directly wins (local runs, tests). Neither set leaves the variable missing, for the process's
 * config validation to report alongside everything else.
 */
export async function resolveSecretEnv(env: NodeJS.ProcessEnv, fetchSecret: SecretFetcher): Promise<NodeJS.ProcessEnv> {
  const resolved: NodeJS.ProcessEnv = { ...env };
  for (const variable of SECRET_VARIABLES) {
    const secretArn = env[`${variable}_SECRET_ARN`];
    if (env[variable] || !secretArn) continue;
    resolved[variable] = await fetchSecret(secretArn).catch((error: unknown) => {
      throw new ConfigError(`Invalid configuration:\n  - ${variable}: secret ${secretArn} could not be read (${String(error)})`, { cause: error });
    });
  }
  return resolved;
}

/**
 * Secrets Manager through the SDK the nodejs24.x runtime ships. Imported on first use only, so a
 * cold start that has its secrets in the environment (tests, LocalStack) never loads the client.
 */
export function secretsManagerFetcher(): SecretFetcher {
  let client: SecretsManagerClient | undefined;
  return async (secretArn) => {
    const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
    client ??= new SecretsManagerClient({});
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    if (!SecretString) throw new Error('the secret holds no string (binary secrets are not supported)');
    return SecretString;
  };
}
