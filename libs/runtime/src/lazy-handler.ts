import { resolveSecretEnv, type SecretFetcher, secretsManagerFetcher } from './secret-env.js';

export interface LazyHandlerOptions {
  /** Defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Defaults to Secrets Manager. */
  fetchSecret?: SecretFetcher;
}

/**
 * A Lambda handler whose dependencies are built once per cold start, on the first invocation, so
 * importing the bundle connects to nothing. `init` gets the environment with its secrets resolved
 * (DATABASE_URL from DATABASE_URL_SECRET_ARN on AWS). A failed start is retried by the next invocation.
 */
export function lazyHandler<Args extends unknown[], Result>(
  init: (env: NodeJS.ProcessEnv) => Promise<(...args: Args) => Promise<Result>>,
  options: LazyHandlerOptions = {},
): (...args: Args) => Promise<Result> {
  let ready: Promise<(...args: Args) => Promise<Result>> | undefined;
  const start = async () => init(await resolveSecretEnv(options.env ?? process.env, options.fetchSecret ?? secretsManagerFetcher()));
  return async (...args) => {
    ready ??= start().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return (await ready)(...args);
  };
}
