import { z } from 'zod';
import { baseEnv, databaseEnv, loadConfig } from '@loyalty/platform';

export const analyticsEnv = baseEnv.extend(databaseEnv.shape).extend({
  /** How often the local runner computes the customer insights (on AWS an EventBridge schedule does). */
  INSIGHTS_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(3600),
});

export type AnalyticsConfig = z.infer<typeof analyticsEnv>;

export const loadAnalyticsConfig = (env: NodeJS.ProcessEnv = process.env): AnalyticsConfig => loadConfig(analyticsEnv, env);

/**
 * The audit writer: no database, only the audit table. How long each category of entry is kept
 * (DynamoDB's TTL deletes it after that); at most ten years.
 */
export const auditWriterEnv = baseEnv.extend({
  AUDIT_TTL_SECURITY_DAYS: z.coerce.number().int().min(1).max(3650).default(400),
  AUDIT_TTL_STAFF_ACTION_DAYS: z.coerce.number().int().min(1).max(3650).default(730),
});

export type AuditWriterConfig = z.infer<typeof auditWriterEnv>;

export const loadAuditWriterConfig = (env: NodeJS.ProcessEnv = process.env): AuditWriterConfig => loadConfig(auditWriterEnv, env);
