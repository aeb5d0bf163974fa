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
  /** Replication may only be configured once versioning is on. */
  versioning: Record<string, S3BucketVersioningA>;
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
  const versioning: Record<string, S3BucketVersioningA> = {};
  for (const bucketName of topology.buckets) {
    const { expireAfterDays } = definedIn(settings, bucketName, 'settings of bucket');
    const added = addPrivateBucket(scope, `bucket_${bucketName}`, { name: name(bucketName), expireAfterDays });
    buckets[bucketName] = added.bucket;
    versioning[bucketName] = added.versioning;
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

  return { buckets, versioning, tables };
}

export interface PrivateBucket {
  bucket: S3Bucket;
  versioning: S3BucketVersioningA;
}

/** A versioned, encrypted bucket closed to the public whose objects expire; `region` for a replica elsewhere. */
export function addPrivateBucket(scope: Construct, id: string, options: { name: string; expireAfterDays: number; region?: string }): PrivateBucket {
  const { expireAfterDays } = options;
  const region = options.region ? { region: options.region } : {};
  const bucket = new S3Bucket(scope, id, { bucket: options.name, ...region });
  const versioning = new S3BucketVersioningA(scope, `${id}_versioning`, { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' }, ...region });
  new S3BucketServerSideEncryptionConfigurationA(scope, `${id}_encryption`, {
    bucket: bucket.id,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    ...region,
  });
  new S3BucketPublicAccessBlock(scope, `${id}_public_access`, {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
    ...region,
  });
  // With versioning on, expiring the current object only leaves a delete marker: the replaced
  // versions and the markers need their own rules, or "expired" data stays (and is billed) forever.
  new S3BucketLifecycleConfiguration(scope, `${id}_lifecycle`, {
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
    ...region,
  });
  return { bucket, versioning };
}
