import { BackupPlan } from '@cdktf/provider-aws/lib/backup-plan/index.js';
import { BackupSelection } from '@cdktf/provider-aws/lib/backup-selection/index.js';
import { BackupVault } from '@cdktf/provider-aws/lib/backup-vault/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment/index.js';
import type { Construct } from 'constructs';
import { assumedBy } from './iam-documents.js';

export interface BackupsProps {
  name: (logicalName: string) => string;
  /** ARNs of what the weekly plan copies: the DynamoDB tables (and the RDS instance, if wanted). */
  resourceArns: string[];
}

// The spec's weekly on-demand DynamoDB backups, kept five weeks: older states are covered by nothing
// else (PITR reaches back 35 days too, but only while the table exists).
export const WEEKLY_BACKUP = { schedule: 'cron(0 3 ? * SUN *)', deleteAfterDays: 35 };

const MANAGED_BACKUP_POLICIES = [
  'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup',
  'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores',
];

export function addBackups(scope: Construct, props: BackupsProps): BackupPlan {
  const vault = new BackupVault(scope, 'backup_vault', { name: props.name('backups') });
  const plan = new BackupPlan(scope, 'backup_plan', {
    name: props.name('weekly'),
    rule: [
      {
        ruleName: 'weekly',
        targetVaultName: vault.name,
        schedule: WEEKLY_BACKUP.schedule,
        scheduleExpressionTimezone: 'UTC',
        startWindow: 60,
        completionWindow: 240,
        lifecycle: { deleteAfter: WEEKLY_BACKUP.deleteAfterDays },
      },
    ],
  });
  const role = new IamRole(scope, 'backup_role', { name: props.name('backup'), assumeRolePolicy: assumedBy('backup.amazonaws.com') });
  MANAGED_BACKUP_POLICIES.forEach((policyArn, index) => {
    new IamRolePolicyAttachment(scope, `backup_role_policy_${index}`, { role: role.name, policyArn });
  });
  new BackupSelection(scope, 'backup_selection', { name: props.name('weekly'), planId: plan.id, iamRoleArn: role.arn, resources: props.resourceArns });
  return plan;
}
