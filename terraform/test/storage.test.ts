import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration/index.js';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning/index.js';
import { physicalName, topology } from '@loyalty/topology';
import { bucketSettings } from '../src/aws-settings.js';
import { ENVIRONMENT, synthesize } from './support/synthesized.js';

const name = (logicalName: string) => physicalName(ENVIRONMENT, logicalName);
const synthesized = synthesize();

describe('tables', () => {
  it.each(Object.entries(topology.tables))('%s is on demand, with point-in-time recovery and the defined keys', (table, definition) => {
    expect(synthesized.resource('aws_dynamodb_table', 'name', name(table))).toMatchObject({
      billing_mode: 'PAY_PER_REQUEST',
      point_in_time_recovery: { enabled: true },
      hash_key: definition.partitionKey,
      range_key: definition.sortKey,
    });
  });

  it.each(Object.entries(topology.tables))('%s has the defined global secondary indexes, each attribute declared once', (table, definition) => {
    const resource = synthesized.resource('aws_dynamodb_table', 'name', name(table));
    expect(resource.global_secondary_index).toEqual(
      definition.indexes.map((index) => ({ name: index.name, hash_key: index.partitionKey, range_key: index.sortKey, projection_type: 'ALL' })),
    );
    const attributes = resource.attribute as { name: string; type: string }[];
    const keys = [definition.partitionKey, definition.sortKey, ...definition.indexes.flatMap((index) => [index.partitionKey, index.sortKey])];
    expect(attributes.map((attribute) => attribute.name).sort()).toEqual([...new Set(keys)].sort());
  });

  it.each(Object.entries(topology.tables))('%s expires items by the TTL attribute where one is defined', (table, definition) => {
    const resource = synthesized.resource('aws_dynamodb_table', 'name', name(table));
    if ('ttlAttribute' in definition) expect(resource.ttl).toEqual({ attribute_name: definition.ttlAttribute, enabled: true });
    else expect(resource).not.toHaveProperty('ttl');
  });
});

describe.each(topology.buckets)('bucket %s', (bucket) => {
  const reference = `\${aws_s3_bucket.bucket_${bucket}.id}`;

  it('exists under the environment-prefixed name', () => {
    expect(synthesized.resource('aws_s3_bucket', 'bucket', name(bucket))).toBeDefined();
  });

  it('is versioned, encrypted and closed to the public', () => {
    expect(synthesized.json).toHaveResourceWithProperties(S3BucketVersioningA, { bucket: reference, versioning_configuration: { status: 'Enabled' } });
    expect(synthesized.json).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      bucket: reference,
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }],
    });
    expect(synthesized.json).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      bucket: reference,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  it('expires objects, and the versions they replace, after the configured days', () => {
    expect(synthesized.json).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
      bucket: reference,
      rule: expect.arrayContaining([
        expect.objectContaining({
          status: 'Enabled',
          expiration: [{ days: bucketSettings[bucket].expireAfterDays }],
          noncurrent_version_expiration: [expect.objectContaining({ noncurrent_days: expect.any(Number) })],
        }),
      ]),
    });
  });
});
