import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity/index.js';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import type { ProvisionedQueue, ProvisionedUserPool } from '@loyalty/topology';
import { physicalName, topology as platformTopology } from '@loyalty/topology/definition';
import { LocalBackend, S3Backend, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { awsSettings as defaultAwsSettings, type AwsSettings } from './aws-settings.js';
import { addCache } from './cache.js';
import { addCompute } from './compute.js';
import { addContainerRegistry, imageReference } from './container-registry.js';
import { addDatabase, isProduction } from './database.js';
import type { DeploymentSettings } from './deployment-settings.js';
import type { PolicyStatement } from './iam.js';
import { addIdentity, type UserPool } from './identity.js';
import { addMessaging } from './messaging.js';
import { addNetwork } from './network.js';
import { settingsOf } from './phases.js';
import { addApplicationSecrets, type SecretNaming } from './secrets.js';
import { serviceEnvironments } from './service-environment.js';
import type { ComputeOutputs, DatabaseOutputs, NetworkOutputs } from './stack-seams.js';
import { addStorage } from './storage.js';
import { definedIn, type TopologyDefinition } from './topology-definition.js';

export interface PlatformStackProps {
  /** Environment name ("dev", "acme-prod"): the prefix of every physical name, as locally. */
  environment: string;
  region: string;
  /** Where terraform keeps its state; without it, a local file beside the synthesized stack. */
  stateBucket?: string;
  /** Phase, domain, images and the rest of what differs between deployments (deployment-settings.ts). */
  settings: DeploymentSettings;
  topology?: TopologyDefinition;
  awsSettings?: AwsSettings;
}

/** What `terraform output -json topology` prints: the shape of ProvisionedTopology, so services read one format. */
export interface TopologyOutput {
  prefix: string;
  topics: Record<string, { arn: string }>;
  queues: Record<string, ProvisionedQueue>;
  buckets: Record<string, { name: string }>;
  tables: Record<string, { name: string }>;
  userPools: Record<string, ProvisionedUserPool>;
}

// S3 bucket names are the strictest of all the physical names (3-63 characters, lowercase, digits,
// hyphens, globally unique), so an environment name valid here is valid for every resource.
const ENVIRONMENT_PATTERN = /^[a-z][a-z0-9-]*[a-z0-9]$/;

export class PlatformStack extends TerraformStack {
  readonly outputs: TopologyOutput;
  readonly network: NetworkOutputs;
  readonly database: DatabaseOutputs;
  readonly compute: ComputeOutputs;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    const { environment, region, stateBucket, settings, topology = platformTopology, awsSettings = defaultAwsSettings } = props;
    assertEnvironmentName(environment, topology);
    const phase = settingsOf(settings.phase);
    if (settings.dynamoReplicaRegions.length > 0 && !phase.globalTables) {
      throw new Error(`DynamoDB replica regions are a scale-out option, not one of the ${settings.phase} phase`);
    }
    const name = (logicalName: string) => physicalName(environment, logicalName);

    new AwsProvider(this, 'aws', {
      region,
      defaultTags: [{ tags: { Project: 'loyalty', Environment: environment, ManagedBy: 'cdktf' } }],
    });
    if (stateBucket) {
      new S3Backend(this, { bucket: stateBucket, key: `loyalty/${environment}.tfstate`, region, encrypt: true });
      // S3-native state locking (terraform >= 1.10); cdktf 0.21's backend config predates the option.
      this.addOverride('terraform.backend.s3.use_lockfile', true);
    } else {
      // Relative to the synthesized stack directory (cdktf.out/stacks/<id>), which every synth rewrites:
      // the state file lives in terraform/ instead, and cdktf's default would bake in an absolute path.
      new LocalBackend(this, { path: `../../../terraform.${id}.tfstate` });
    }

    const messaging = addMessaging(this, topology, name);
    const storage = addStorage(this, topology, awsSettings.buckets, name, settings.dynamoReplicaRegions);
    const userPools = addIdentity(this, topology, awsSettings.userPools, name);

    const accountId = new DataAwsCallerIdentity(this, 'account').accountId;
    const production = isProduction(environment);
    const secretNaming: SecretNaming = { name: (secret) => `${environment}/${secret}`, recoveryWindowInDays: production ? 7 : 0 };
    const network = addNetwork(this, name, region);
    const database = addDatabase(this, name, { network, phase, production, secretNaming });
    database.admit(this, 'lambda', network.lambdaSecurityGroupId);
    const secrets = addApplicationSecrets(this, secretNaming);
    const repositories = addContainerRegistry(this, name);
    const cache = addCache(this, name, network, phase);

    const customerPool = definedIn(userPools, 'customers', 'user pool');
    const staffPool = definedIn(userPools, 'staff', 'user pool');
    const compute = addCompute(this, name, {
      environment,
      region,
      accountId,
      phase,
      network,
      repositories,
      redisInTask: cache.inTask,
      containers: serviceEnvironments({
        environment,
        region,
        accountId,
        redisUrl: cache.url,
        domain: settings.domain,
        callbackUrls: settings.callbackUrls,
        customerPool: provisionedPool(customerPool),
        staffPool: provisionedPool(staffPool),
        secretArns: { databaseUrl: database.databaseUrlSecretArn, qrSigning: secrets.qrSigning.arn, authSession: secrets.authSession.arn },
        images: {
          customerApi: imageReference(repositories['customer-api'], settings.imageTag),
          adminApi: imageReference(repositories['admin-api'], settings.imageTag),
          outboxRelay: imageReference(repositories['outbox-relay'], settings.imageTag),
        },
      }),
      secretArns: [database.databaseUrlSecretArn, secrets.qrSigning.arn, secrets.authSession.arn],
      taskStatements: apiTaskStatements(
        customerPool,
        staffPool,
        Object.values(messaging.topics).map((topic) => topic.arn),
      ),
    });
    database.admit(this, 'hosts', compute.hostSecurityGroupId);
    cache.admit(this, 'hosts', compute.hostSecurityGroupId);

    this.network = {
      vpcId: network.vpcId,
      publicSubnetIds: network.publicSubnetIds,
      privateSubnetIds: network.privateSubnetIds,
      lambdaSecurityGroupId: network.lambdaSecurityGroupId,
    };
    this.database = { instanceIdentifier: database.instanceIdentifier, databaseUrlSecretArn: database.databaseUrlSecretArn };
    this.compute = {
      clusterName: compute.clusterName,
      serviceNames: compute.serviceNames,
      origin: compute.origin,
      loadBalancerArnSuffix: compute.loadBalancerArnSuffix,
    };

    this.outputs = {
      prefix: environment,
      topics: mapValues(messaging.topics, (topic) => ({ arn: topic.arn })),
      queues: mapValues(messaging.queues, ({ queue, deadLetter }) => ({
        url: queue.url,
        arn: queue.arn,
        deadLetterUrl: deadLetter.url,
        deadLetterArn: deadLetter.arn,
      })),
      buckets: mapValues(storage.buckets, (bucket) => ({ name: bucket.bucket })),
      tables: mapValues(storage.tables, (table) => ({ name: table.name })),
      userPools: mapValues(userPools, provisionedPool),
    };
    new TerraformOutput(this, 'topology', {
      value: this.outputs,
      description: 'Physical names, ARNs, URLs and pool ids of the topology, in the shape of ProvisionedTopology.',
    });
    new TerraformOutput(this, 'ecr_repositories', {
      value: mapValues(repositories, (repository) => repository.repositoryUrl),
      description: 'Where the pipeline pushes each image (customer-api, admin-api, outbox-relay).',
    });
    new TerraformOutput(this, 'ecs', {
      value: { cluster: compute.clusterName, services: compute.serviceNames, taskFamily: compute.taskDefinition.family, logGroup: compute.logGroupName },
      description: 'The cluster and services a deploy updates, and where their logs go.',
    });
    new TerraformOutput(this, 'api_origin', {
      value: compute.origin,
      description: 'Where CloudFront sends API traffic: the host address (initial) or the load balancer.',
    });
    new TerraformOutput(this, 'database_instance', {
      value: {
        instanceIdentifier: database.instanceIdentifier,
        address: database.instance.address,
        ...(database.replica ? { readReplicaAddress: database.replica.address } : {}),
        urlSecretArn: database.databaseUrlSecretArn,
      },
      description: 'The RDS instance, its read replica (growth and later) and the secret holding DATABASE_URL.',
    });
  }
}

function provisionedPool({ pool, client }: UserPool): ProvisionedUserPool {
  const issuer = `https://${pool.endpoint}`;
  return { userPoolId: pool.id, clientId: client.id, issuer, jwksUri: `${issuer}/.well-known/jwks.json` };
}

/**
 * The AWS calls of the processes in the API task (the task has one role): the Cognito admin calls each
 * API makes on its own pool (services/<api>/src/data-access), and the relay's SNS PublishBatch, which
 * IAM authorises as sns:Publish. The calls a signed-out user makes (SignUp, InitiateAuth, ...) need no IAM.
 */
export const customerPoolActions = [
  'cognito-idp:AdminDeleteUser',
  'cognito-idp:AdminDisableProviderForUser',
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminLinkProviderForUser',
];
export const staffPoolActions = [
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminDeleteUser',
  'cognito-idp:AdminRemoveUserFromGroup',
];

function apiTaskStatements(customerPool: UserPool, staffPool: UserPool, topicArns: string[]): PolicyStatement[] {
  return [
    { Sid: 'CustomerPoolAdmin', Effect: 'Allow', Action: customerPoolActions, Resource: [customerPool.pool.arn] },
    { Sid: 'StaffPoolAdmin', Effect: 'Allow', Action: staffPoolActions, Resource: [staffPool.pool.arn] },
    { Sid: 'PublishEvents', Effect: 'Allow', Action: ['sns:Publish'], Resource: topicArns },
  ];
}

function assertEnvironmentName(environment: string, topology: TopologyDefinition): void {
  const longestBucket = Math.max(0, ...topology.buckets.map((bucket) => physicalName(environment, bucket).length));
  if (!ENVIRONMENT_PATTERN.test(environment) || longestBucket > 63) {
    throw new Error(
      `environment "${environment}" must be lowercase letters, digits and hyphens, start with a letter, and keep bucket names within 63 characters`,
    );
  }
}

function mapValues<V, R>(record: Record<string, V>, map: (value: V) => R): Record<string, R> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}
