import { z } from 'zod';
import { baseEnv, databaseEnv, loadConfig } from '@loyalty/platform';

export const exporterEnv = baseEnv.extend(databaseEnv.shape).extend({
  /** Set on AWS by terraform; locally the topology's name for this RESOURCE_PREFIX. */
  EXPORTS_BUCKET: z.string().min(3).optional(),
  /** How long an attempt holds an export; set to the function's timeout. */
  EXPORT_LEASE_SECONDS: z.coerce.number().int().min(10).max(900).default(900),
  /** The link in the "export ready" email. SigV4 allows 7 days at most. */
  EXPORT_EMAIL_LINK_TTL_SECONDS: z.coerce.number().int().min(60).max(604_800).default(86_400),
  EXPORT_BATCH_ROWS: z.coerce.number().int().min(100).max(50_000).default(500),
  EXPORT_PROGRESS_EVERY_ROWS: z.coerce.number().int().min(1).default(50_000),
});

export type ExporterConfig = z.infer<typeof exporterEnv>;

export const loadExporterConfig = (env: NodeJS.ProcessEnv = process.env): ExporterConfig => loadConfig(exporterEnv, env);
