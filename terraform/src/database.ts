import { DataAwsSecretsmanagerRandomPassword } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-random-password/index.js';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance/index.js';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group/index.js';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group/index.js';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule/index.js';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule/index.js';
import type { Construct } from 'constructs';
import type { Network } from './network.js';
import type { PhaseSettings } from './phases.js';
import { type SecretNaming, secretOf } from './secrets.js';
import type { DatabaseOutputs } from './stack-seams.js';

export const POSTGRES_MAJOR_VERSION = '17';
export const DATABASE_NAME = 'loyalty';
const MASTER_USER = 'loyalty';
const POSTGRES_PORT = 5432;

export interface DatabaseProps {
  network: Network;
  phase: PhaseSettings;
  /** Production keeps the instance from deletion and takes a final snapshot (see `isProduction`). */
  production: boolean;
  secretNaming: SecretNaming;
}

export interface Database extends DatabaseOutputs {
  instance: DbInstance;
  replica?: DbInstance;
  securityGroupId: string;
  /** Lets a security group reach Postgres: an ingress rule on the database, an egress rule on the client. */
  admit(scope: Construct, id: string, clientSecurityGroupId: string): void;
}

/**
 * PostgreSQL on RDS as the spec has it: db.t3.micro, single AZ, 20 GB gp3, encrypted, 7 days of
 * automated backups (and so point-in-time recovery within them), never public, in the private
 * subnets. The master password is drawn once and then kept (a later draw is ignored); the services get
 * it only inside DATABASE_URL, a secret of its own.
 */
export function addDatabase(scope: Construct, name: (logicalName: string) => string, props: DatabaseProps): Database {
  const { network, phase, production, secretNaming } = props;
  const securityGroup = network.securityGroup(
    scope,
    'security_group_database',
    'database',
    `Postgres ${POSTGRES_PORT} from the ECS hosts and the Lambda functions`,
  );
  const subnetGroup = new DbSubnetGroup(scope, 'database_subnet_group', {
    name: name('database'),
    description: 'The private subnets of both availability zones',
    subnetIds: network.privateSubnetIds,
  });
  const parameters = new DbParameterGroup(scope, 'database_parameters', {
    name: name(`postgres${POSTGRES_MAJOR_VERSION}`),
    family: `postgres${POSTGRES_MAJOR_VERSION}`,
    description: 'TLS only; slow statements and lock waits logged',
    parameter: [
      { name: 'rds.force_ssl', value: '1' },
      { name: 'log_min_duration_statement', value: '500' },
      { name: 'log_lock_waits', value: '1' },
    ],
  });
  const password = new DataAwsSecretsmanagerRandomPassword(scope, 'random_database_password', { passwordLength: 40, excludePunctuation: true });

  const instance = new DbInstance(scope, 'database', {
    identifier: name('postgres'),
    engine: 'postgres',
    engineVersion: POSTGRES_MAJOR_VERSION,
    // Extended support (after the major version's end of life) is billed per vCPU-hour; upgrade instead.
    engineLifecycleSupport: 'open-source-rds-extended-support-disabled',
    autoMinorVersionUpgrade: true,
    instanceClass: phase.database.instanceClass,
    allocatedStorage: 20,
    storageType: 'gp3',
    storageEncrypted: true,
    multiAz: false,
    availabilityZone: network.availabilityZones[0],
    dbSubnetGroupName: subnetGroup.name,
    vpcSecurityGroupIds: [securityGroup.id],
    parameterGroupName: parameters.name,
    publiclyAccessible: false,
    caCertIdentifier: 'rds-ca-rsa2048-g1',
    dbName: DATABASE_NAME,
    username: MASTER_USER,
    password: password.randomPassword,
    backupRetentionPeriod: 7,
    backupWindow: '03:00-03:30',
    maintenanceWindow: 'sun:04:00-sun:04:30',
    copyTagsToSnapshot: true,
    deletionProtection: production,
    skipFinalSnapshot: !production,
    finalSnapshotIdentifier: production ? `${name('postgres')}-final` : undefined,
    enabledCloudwatchLogsExports: ['postgresql'],
    lifecycle: { ignoreChanges: ['password'] },
  });

  const replica = phase.database.readReplica
    ? new DbInstance(scope, 'database_replica', {
        identifier: name('postgres-replica'),
        replicateSourceDb: instance.identifier,
        instanceClass: phase.database.instanceClass,
        storageType: 'gp3',
        storageEncrypted: true,
        availabilityZone: network.availabilityZones[1],
        vpcSecurityGroupIds: [securityGroup.id],
        parameterGroupName: parameters.name,
        publiclyAccessible: false,
        autoMinorVersionUpgrade: true,
        backupRetentionPeriod: 0,
        skipFinalSnapshot: true,
        deletionProtection: production,
      })
    : undefined;

  // The URL holds the password as the instance keeps it (`ignoreChanges` above), so later draws of
  // the random password never reach the services. sslmode=no-verify: encrypted (rds.force_ssl), not
  // verified against the RDS CA, which the images do not carry.
  const url = secretOf(
    scope,
    'database_url',
    secretNaming,
    'database-url',
    'DATABASE_URL: postgres://user:password@host:port/database of the RDS instance',
    `postgres://${MASTER_USER}:${instance.password}@${instance.endpoint}/${DATABASE_NAME}?sslmode=no-verify`,
  );

  return {
    instance,
    replica,
    instanceIdentifier: instance.identifier,
    databaseUrlSecretArn: url.arn,
    securityGroupId: securityGroup.id,
    admit(clientScope, id, clientSecurityGroupId) {
      new VpcSecurityGroupIngressRule(clientScope, `database_ingress_${id}`, {
        securityGroupId: securityGroup.id,
        description: `Postgres from ${id}`,
        ipProtocol: 'tcp',
        fromPort: POSTGRES_PORT,
        toPort: POSTGRES_PORT,
        referencedSecurityGroupId: clientSecurityGroupId,
      });
      new VpcSecurityGroupEgressRule(clientScope, `${id}_egress_database`, {
        securityGroupId: clientSecurityGroupId,
        description: 'Postgres to the database',
        ipProtocol: 'tcp',
        fromPort: POSTGRES_PORT,
        toPort: POSTGRES_PORT,
        referencedSecurityGroupId: securityGroup.id,
      });
    },
  };
}

/** An environment is production when its name is `prod` or ends in `-prod` (`acme-prod`). */
export function isProduction(environment: string): boolean {
  return /(^|-)prod$/.test(environment);
}
