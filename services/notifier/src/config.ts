import { z } from 'zod';
import { baseEnv, databaseEnv, loadConfig } from '@loyalty/platform';

export const notifierEnv = baseEnv.extend(databaseEnv.shape).extend({
  EMAIL_FROM_ADDRESS: z.email().default('rewards@loyalty.example'),
});

export type NotifierConfig = z.infer<typeof notifierEnv>;

export const loadNotifierConfig = (env: NodeJS.ProcessEnv = process.env): NotifierConfig => loadConfig(notifierEnv, env);
