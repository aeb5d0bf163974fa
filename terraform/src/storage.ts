import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table/index.js';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration/index.js';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning/index.js';
import type { Construct } from 'constructs';
import type { BucketSettings } from './aws-settings.js';
import { definedIn, type TopologyDefinition } from './topology-definition.js';

// Versioning is there to undo an accidental overwrite or delete; a week is long enough to notice one.
const NONCURRENT_VERSION_DAYS = 7;

export interface Storage {
  buckets: Record<string, S3Bucket>;
  tables: Record<string, DynamodbTable>;
}

export function addStorage(
  scope: Construct,
  topology: TopologyDefinition,
  settings: Readonly<Record<string, BucketSettings>>,
  name: (logicalName: string) => string,
  /** Regions holding replicas of every table (DynamoDB global tables, version 2019.11.21); none by default. */
  replicaRegions: readonly string[] = [],
): Storage {
  const buckets: Record<string, S3Bucket> = {};
  for (const bucketName of topology.buckets) {
    const { expireAfterDays } = definedIn(settings, bucketName, 'settings of bucket');
    const bucket = new S3Bucket(scope, `bucket_${bucketName}`, { bucket: name(bucketName) });
    new S3BucketVersioningA(scope, `bucket_${bucketName}_versioning`, { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketServerSideEncryptionConfigurationA(scope, `bucket_${bucketName}_encryption`, {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    new S3BucketPublicAccessBlock(scope, `bucket_${bucketName}_public_access`, {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    // With versioning on, expiring the current object only leaves a delete marker: the replaced
    // versions and the markers need their own rules, or "expired" data stays (and is billed) forever.
    new S3BucketLifecycleConfiguration(scope, `bucket_${bucketName}_lifecycle`, {
      bucket: bucket.id,
      rule: [
        {
          id: `expire-after-${expireAfterDays}-days`,
          status: 'Enabled',
          filter: [{}],
          expiration: [{ days: expireAfterDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: NONCURRENT_VERSION_DAYS }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
        },
        { id: 'remove-expired-delete-markers', status: 'Enabled', filter: [{}], expiration: [{ expiredObjectDeleteMarker: true }] },
      ],
    });
    buckets[bucketName] = bucket;
  }

  const tables: Record<string, DynamodbTable> = {};
  for (const [tableName, table] of Object.entries(topology.tables)) {
    const keys = [table.partitionKey, table.sortKey, ...table.indexes.flatMap((index) => [index.partitionKey, index.sortKey])];
    tables[tableName] = new DynamodbTable(scope, `table_${tableName}`, {
      name: name(tableName),
      billingMode: 'PAY_PER_REQUEST',
      hashKey: table.partitionKey,
      rangeKey: table.sortKey,
      attribute: [...new Set(keys)].map((attribute) => ({ name: attribute, type: 'S' })),
      globalSecondaryIndex: table.indexes.map((index) => ({
        name: index.name,
        hashKey: index.partitionKey,
        rangeKey: index.sortKey,
        projectionType: 'ALL',
      })),
      pointInTimeRecovery: { enabled: true },
      ttl: table.ttlAttribute ? { attributeName: table.ttlAttribute, enabled: true } : undefined,
      // Global tables replicate through the table's stream, which therefore carries both images.
      ...(replicaRegions.length > 0
        ? {
            streamEnabled: true,
            streamViewType: 'NEW_AND_OLD_IMAGES',
            replica: replicaRegions.map((regionName) => ({ regionName, pointInTimeRecovery: true })),
          }
        : {}),
    });
  }

  return { buckets, tables };
}
