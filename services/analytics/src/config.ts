import { z } from 'zod';
import { baseEnv, databaseEnv, loadConfig } from '@loyalty/platform';

export const analyticsEnv = baseEnv.extend(databaseEnv.shape).extend({
  /** How often the local runner computes the customer insights (on AWS an EventBridge schedule does). */
  INSIGHTS_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(3600),
});

export type AnalyticsConfig = z.infer<typeof analyticsEnv>;

export const loadAnalyticsConfig = (env: NodeJS.ProcessEnv = process.env): AnalyticsConfig => loadConfig(analyticsEnv, env);
