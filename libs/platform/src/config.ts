import { z } from 'zod';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Parses the environment once at start-up. A process with a bad environment must not start:
 * the message lists every offending variable so one restart fixes them all.
 */
export function loadConfig<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv = process.env): z.infer<T> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}

/** Variables every process shares. Services extend this with their own. */
export const baseEnv = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  AWS_REGION: z.string().default('us-east-1'),
  AWS_ACCOUNT_ID: z
    .string()
    .regex(/^\d{12}$/, '12 digits')
    .default('000000000000'),
  RESOURCE_PREFIX: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'lowercase letters, digits and dashes')
    .default('local'),
  AWS_ENDPOINT_URL: z.url().optional(),
  AWS_ENDPOINT_URL_SNS: z.url().optional(),
  AWS_ENDPOINT_URL_SQS: z.url().optional(),
  AWS_ENDPOINT_URL_S3: z.url().optional(),
  AWS_ENDPOINT_URL_DYNAMODB: z.url().optional(),
  AWS_ENDPOINT_URL_SESV2: z.url().optional(),
  AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: z.url().optional(),
});

export const databaseEnv = z.object({
  DATABASE_URL: z
    .url({
      error: (issue) => (issue.input === undefined ? 'missing: set DATABASE_URL, or on AWS DATABASE_URL_SECRET_ARN to the secret holding it' : undefined),
    })
    .refine((u) => u.startsWith('postgres'), 'must be a postgres:// URL'),
});

export type BaseConfig = z.infer<typeof baseEnv>;
