import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { S3BucketReplicationConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-replication-configuration/index.js';
import type { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning/index.js';
import type { Construct } from 'constructs';
import { allow, assumedBy, policyDocument } from './iam-documents.js';
import { addPrivateBucket, type PrivateBucket } from './storage.js';

export interface BucketReplicationProps {
  /** The replica's physical name. */
  name: string;
  source: { bucket: S3Bucket; versioning: S3BucketVersioningA };
  replicaRegion: string;
  /** The replica expires what the source expires, so it is a copy, not an archive. */
  expireAfterDays: number;
}

/** Copies every new object version (and delete marker) of a bucket to a replica in another region. */
export function addBucketReplication(scope: Construct, id: string, props: BucketReplicationProps): PrivateBucket {
  const replica = addPrivateBucket(scope, `${id}_replica`, { name: props.name, expireAfterDays: props.expireAfterDays, region: props.replicaRegion });
  const source = props.source.bucket;
  const role = new IamRole(scope, `${id}_replication_role`, { name: `${props.name}-replication`, assumeRolePolicy: assumedBy('s3.amazonaws.com') });
  new IamRolePolicy(scope, `${id}_replication_policy`, {
    role: role.id,
    name: 'replicate',
    policy: policyDocument([
      allow('ReadSourceConfiguration', ['s3:GetReplicationConfiguration', 's3:ListBucket'], [source.arn]),
      allow('ReadSourceVersions', ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'], [`${source.arn}/*`]),
      allow('WriteReplica', ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'], [`${replica.bucket.arn}/*`]),
    ]),
  });
  new S3BucketReplicationConfigurationA(scope, `${id}_replication`, {
    bucket: source.id,
    role: role.arn,
    rule: [
      {
        id: 'everything',
        status: 'Enabled',
        filter: {},
        deleteMarkerReplication: { status: 'Enabled' },
        destination: { bucket: replica.bucket.arn },
      },
    ],
    // S3 refuses a replication configuration on a bucket whose versioning is not yet on, at either end.
    dependsOn: [props.source.versioning, replica.versioning],
  });
  return replica;
}
