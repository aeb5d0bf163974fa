import type { S3Client } from '@aws-sdk/client-s3';
import type { MikroORM } from '@loyalty/db';
import type { Logger } from '@loyalty/platform';
import { physicalName } from '@loyalty/topology';
import type { ExporterConfig } from './config.js';
import type { ExporterDeps } from './use-cases/produce-export.js';

export function exporterDeps(config: ExporterConfig, orm: MikroORM, s3: S3Client, logger: Logger): ExporterDeps {
  return {
    orm,
    s3,
    logger,
    bucket: config.EXPORTS_BUCKET ?? physicalName(config.RESOURCE_PREFIX, 'exports'),
    databaseUrl: config.DATABASE_URL,
    leaseSeconds: config.EXPORT_LEASE_SECONDS,
    emailLinkTtlSeconds: config.EXPORT_EMAIL_LINK_TTL_SECONDS,
    batchSize: config.EXPORT_BATCH_ROWS,
    progressEveryRows: config.EXPORT_PROGRESS_EVERY_ROWS,
  };
}
