import { S3Client } from '@aws-sdk/client-s3';
import { consumerSessionLimits, openDatabase } from '@loyalty/db';
import { createLogger } from '@loyalty/platform';
import { awsClientConfigFor, lazyHandler } from '@loyalty/runtime';
import { loadExporterConfig } from './config.js';
import { exportsHandler } from './entry-points/exports-handler.js';
import { exporterDeps } from './exporter-deps.js';

/** AWS Lambda entry point for the exports queue's event source mapping. Only the S3 client. */
export const handler = lazyHandler(async (env) => {
  const config = loadExporterConfig(env);
  const logger = createLogger('exporter', config.LOG_LEVEL);
  const orm = await openDatabase({ databaseUrl: config.DATABASE_URL, poolMax: 2, sessionLimits: consumerSessionLimits });
  const s3Config = awsClientConfigFor(config, 's3');
  const s3 = new S3Client({ ...s3Config, forcePathStyle: s3Config.endpoint !== undefined });
  return exportsHandler(exporterDeps(config, orm, s3, logger));
});
