import { z } from 'zod';
import { baseEnv, databaseEnv, loadConfig } from '@loyalty/platform';

export const relayEnv = baseEnv.extend(databaseEnv.shape).extend({
  /** The one port the relay opens: GET /healthz and /readyz, for ECS and for `npm start`. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3003),
  /** Loopback unless told otherwise; a container image sets 0.0.0.0 so its published port reaches the process. */
  LISTEN_HOST: z.string().min(1).default('127.0.0.1'),
});

export type RelayConfig = z.infer<typeof relayEnv>;

export const loadRelayConfig = (env: NodeJS.ProcessEnv = process.env): RelayConfig => loadConfig(relayEnv, env);
