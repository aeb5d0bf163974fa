import { z } from 'zod';

export interface Limit {
  points: number;
  seconds: number;
}

/** `points/seconds`, e.g. `10/60`: one variable per limit, so a test (or an operator) sets both at once. */
export const limitEnv = (fallback: string) =>
  z
    .string()
    .regex(/^\d+\/\d+$/, 'points/seconds, e.g. 10/60')
    .default(fallback)
    .transform((value): Limit => {
      const [points, seconds] = value.split('/').map(Number);
      return { points: points ?? 0, seconds: seconds ?? 0 };
    })
    .refine((l) => l.points > 0 && l.seconds > 0, 'both numbers must be positive');

/** What every API process reads for Redis, rate limits, the sign-in lock-out and CORS. */
export const guardEnv = z.object({
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL')
    .optional(),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((list) =>
      list
        .split(',')
        .map((origin) => origin.trim())
        .filter((origin) => origin.length > 0),
    ),
  RATE_LIMIT_AUTH: limitEnv('10/60'),
  RATE_LIMIT_TRANSACTIONS: limitEnv('500/60'),
  RATE_LIMIT_ANALYTICS: limitEnv('100/3600'),
  RATE_LIMIT_STANDARD: limitEnv('1000/3600'),
  RATE_LIMIT_PRO: limitEnv('10000/3600'),
  /** Failed sign-ins per account within the window before it locks. */
  SIGN_IN_LOCKOUT: limitEnv('10/900'),
  SIGN_IN_LOCKOUT_SECONDS: z.coerce.number().int().min(1).default(900),
});

export type GuardConfig = z.infer<typeof guardEnv>;
