import { topology } from '@loyalty/topology';
import { loadDeploymentSettings } from '../src/deployment-settings.js';
import { WEEKLY_BACKUP } from '../src/backups.js';
import { managedPolicyArns, overlyBroadStatements, roleStatements } from './support/iam.js';
import { ENVIRONMENT, synthesize } from './support/synthesized.js';

const synthesized = synthesize();

describe('AWS Backup', () => {
  it('copies every DynamoDB table weekly into its vault, kept five weeks', () => {
    expect(synthesized.resources('aws_backup_plan').backup_plan?.rule).toEqual([
      expect.objectContaining({
        target_vault_name: '${aws_backup_vault.backup_vault.name}',
        schedule: WEEKLY_BACKUP.schedule,
        lifecycle: { delete_after: 35 },
      }),
    ]);
    expect(synthesized.resources('aws_backup_selection').backup_selection).toMatchObject({
      plan_id: '${aws_backup_plan.backup_plan.id}',
      iam_role_arn: '${aws_iam_role.backup_role.arn}',
      resources: Object.keys(topology.tables).map((table) => `\${aws_dynamodb_table.table_${table}.arn}`),
    });
  });

  it('runs with a role AWS Backup assumes, holding only the managed backup and restore policies', () => {
    expect(managedPolicyArns(synthesized, 'backup_role').sort()).toEqual([
      'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup',
      'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores',
    ]);
    expect(JSON.parse(String(synthesized.resources('aws_iam_role').backup_role?.assume_role_policy)).Statement[0].Principal).toEqual({
      Service: 'backup.amazonaws.com',
    });
  });
});

describe('exports bucket replication', () => {
  it('is off unless a replica region is set', () => {
    expect(synthesized.resources('aws_s3_bucket_replication_configuration')).toEqual({});
    expect(Object.keys(synthesized.resources('aws_s3_bucket'))).toEqual(['app_customer', 'app_staff', 'bucket_exports']);
  });

  describe('with LOYALTY_EXPORTS_REPLICA_REGION=eu-central-1', () => {
    const replicated = synthesize({
      settings: loadDeploymentSettings({ LOYALTY_EXPORTS_REPLICA_REGION: 'eu-central-1' }, { lambdaArtifactsDir: '/build/dist/lambda' }),
    });
    const replica = '${aws_s3_bucket.bucket_exports_replica.arn}';

    it('has a versioned, private replica bucket in that region', () => {
      expect(replicated.resources('aws_s3_bucket').bucket_exports_replica).toEqual(
        expect.objectContaining({ bucket: `${ENVIRONMENT}-exports-replica`, region: 'eu-central-1' }),
      );
      expect(replicated.resources('aws_s3_bucket_versioning').bucket_exports_replica_versioning).toMatchObject({
        region: 'eu-central-1',
        versioning_configuration: { status: 'Enabled' },
      });
      expect(replicated.resources('aws_s3_bucket_public_access_block').bucket_exports_replica_public_access).toMatchObject({ restrict_public_buckets: true });
    });

    it('replicates every object and delete marker, once versioning is on at both ends', () => {
      expect(replicated.resources('aws_s3_bucket_replication_configuration').bucket_exports_replication).toMatchObject({
        bucket: '${aws_s3_bucket.bucket_exports.id}',
        role: '${aws_iam_role.bucket_exports_replication_role.arn}',
        rule: [expect.objectContaining({ status: 'Enabled', delete_marker_replication: { status: 'Enabled' }, destination: { bucket: replica } })],
        depends_on: ['aws_s3_bucket_versioning.bucket_exports_versioning', 'aws_s3_bucket_versioning.bucket_exports_replica_versioning'],
      });
    });

    it('replicates with a role that reads the source and writes the replica, nothing else', () => {
      const statements = roleStatements(replicated, 'bucket_exports_replication_role');
      expect(overlyBroadStatements(statements, [])).toEqual([]);
      expect(statements.flatMap((statement) => statement.Resource).sort()).toEqual(
        ['${aws_s3_bucket.bucket_exports.arn}', '${aws_s3_bucket.bucket_exports.arn}/*', `${replica}/*`].sort(),
      );
    });
  });
});
