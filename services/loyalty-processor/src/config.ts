import { baseEnv, databaseEnv, loadConfig } from '@loyalty/platform';
import { z } from 'zod';

export const processorEnv = baseEnv.extend(databaseEnv.shape).extend({
  /** How often the local runner expires due points (on AWS an EventBridge schedule does). */
  EXPIRY_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(300),
});

export type ProcessorConfig = z.infer<typeof processorEnv>;

export const loadProcessorConfig = (env: NodeJS.ProcessEnv = process.env): ProcessorConfig => loadConfig(processorEnv, env);
