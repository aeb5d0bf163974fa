import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity/index.js';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import type { ProvisionedQueue, ProvisionedUserPool } from '@loyalty/topology';
import { deadLetterQueueName, physicalName, topology as platformTopology } from '@loyalty/topology/definition';
import { LocalBackend, S3Backend, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { COGNITO_SENDER_FUNCTION, lambdaFunctions } from '@loyalty/topology/functions';
import { addAlerts } from './alerts.js';
import { apiTaskStatements } from './api-task-role.js';
import { awsSettings as defaultAwsSettings, type AwsSettings } from './aws-settings.js';
import { addBackups } from './backups.js';
import { addBucketReplication } from './bucket-replication.js';
import { addCache } from './cache.js';
import { addCompute } from './compute.js';
import { addContainerRegistry, imageReference } from './container-registry.js';
import { addDatabase, isProduction } from './database.js';
import { DeployRole, GITHUB_DEPLOY_ENVIRONMENT } from './deploy-role.js';
import type { DeploymentSettings, ImageName } from './deployment-settings.js';
import { addAppHosting, appHostnames, appOrigins } from './app-hosting.js';
import { addEdge } from './edge.js';
import { addCognitoCodeKey, attachCustomEmailSender } from './cognito-email-sender.js';
import { addEmail } from './email.js';
import { addIdentity, type UserPool } from './identity.js';
import { addFunctions } from './lambda-functions.js';
import { addMessaging } from './messaging.js';
import { addMonitoring } from './monitoring.js';
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

    const alerts = addAlerts(this, { name, email: settings.alertEmail, region });
    const messaging = addMessaging(this, topology, name, { alarmActions: [alerts.topicArn] });
    const storage = addStorage(this, topology, awsSettings.buckets, name, settings.dynamoReplicaRegions);
    const email = addEmail(this, { name, domain: settings.domain, hostedZoneId: settings.hostedZoneId, region });
    const userPools = addIdentity(this, topology, awsSettings.userPools, name, {
      email: { sourceArn: email.identityArn, fromAddress: email.cognitoFromAddress, configurationSetName: email.configurationSetName },
      socialSignIn: {
        region,
        domainPrefix: name('customers'),
        callbackUrls: settings.callbackUrls,
        logoutUrls: settings.logoutUrls,
        parameterPrefix: `/loyalty/${environment}`,
      },
    });
    addBackups(this, { name, resourceArns: Object.values(storage.tables).map((table) => table.arn) });
    if (settings.exportsReplicaRegion) {
      addBucketReplication(this, 'bucket_exports', {
        name: name('exports-replica'),
        source: { bucket: definedIn(storage.buckets, 'exports', 'bucket'), versioning: definedIn(storage.versioning, 'exports', 'bucket') },
        replicaRegion: settings.exportsReplicaRegion,
        expireAfterDays: definedIn(awsSettings.buckets, 'exports', 'settings of bucket').expireAfterDays,
      });
    }

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
    const image = (imageName: ImageName) => imageReference(repositories[imageName], settings.imageDigests[imageName] ?? settings.imageTag);
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
        callbackUrls: settings.callbackUrls,
        appOrigins: appOrigins(settings.domain),
        customerPool: provisionedPool(customerPool),
        staffPool: provisionedPool(staffPool),
        socialSignIn: {
          cognitoDomainUrl: customerPool.hostedUiUrl ?? '',
          googleClientId: customerPool.providerClientIds?.google ?? '',
          appleClientId: customerPool.providerClientIds?.apple ?? '',
        },
        secretArns: {
          databaseUrl: database.databaseUrlSecretArn,
          qrSigning: secrets.qrSigning.arn,
          authSession: secrets.authSession.arn,
          unsubscribeSigning: secrets.unsubscribeSigning.arn,
        },
        images: { customerApi: image('customer-api'), adminApi: image('admin-api'), outboxRelay: image('outbox-relay') },
      }),
      secretArns: [database.databaseUrlSecretArn, secrets.qrSigning.arn, secrets.authSession.arn, secrets.unsubscribeSigning.arn],
      taskStatements: apiTaskStatements(
        customerPool,
        staffPool,
        Object.values(messaging.topics).map((topic) => topic.arn),
        definedIn(storage.buckets, 'exports', 'bucket').arn,
        Object.values(storage.tables).map((table) => table.arn),
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

    const cognitoCodeKey = addCognitoCodeKey(this, name, accountId, region);
    const functions = addFunctions(this, {
      name,
      artifactsDir: settings.lambdaArtifactsDir,
      network: this.network,
      database: this.database,
      queueArns: mapValues(messaging.queues, ({ queue }) => queue.arn),
      email,
      cognitoCodeKeyArn: cognitoCodeKey.arn,
      exportsBucket: { name: definedIn(storage.buckets, 'exports', 'bucket').bucket, arn: definedIn(storage.buckets, 'exports', 'bucket').arn },
      unsubscribe: { signingSecretArn: secrets.unsubscribeSigning.arn, baseUrl: `https://api.${settings.domain}` },
      tableArns: mapValues(storage.tables, (table) => table.arn),
      resourcePrefix: environment,
      functions: lambdaFunctions,
    });
    attachCustomEmailSender(this, userPools, definedIn(functions, COGNITO_SENDER_FUNCTION, 'function').function, cognitoCodeKey);
    const edge = addEdge(this, {
      name,
      domain: settings.domain,
      hostedZoneId: settings.hostedZoneId,
      origin: compute.origin,
      alertsTopicArn: alerts.edgeTopicArn,
      appHostnames: Object.values(appHostnames(settings.domain)),
    });
    const apps = addAppHosting(this, {
      name,
      hostnames: appHostnames(settings.domain),
      hostedZoneId: settings.hostedZoneId,
      certificateArn: edge.certificateArn,
      webAclArn: edge.webAcl.arn,
    });
    addMonitoring(this, {
      name,
      region,
      alertsTopicArn: alerts.topicArn,
      // Literal names, not references: they become the alarms' construct ids.
      functionNames: Object.keys(lambdaFunctions).map(name),
      queues: Object.keys(topology.queues).map((queue) => ({ name: name(queue), deadLetterName: deadLetterQueueName(name(queue)) })),
      database: this.database,
      distributionIds: mapValues(edge.apis, (api) => api.distribution.id),
      ...(compute.loadBalancerArnSuffix ? { loadBalancerArnSuffix: compute.loadBalancerArnSuffix } : {}),
      ecsLogGroupName: compute.logGroupName,
    });

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
    if (settings.githubRepository) {
      if (!stateBucket) throw new Error('LOYALTY_GITHUB_REPOSITORY needs TF_STATE_BUCKET: a pipeline needs shared state');
      const deployRole = new DeployRole(this, 'deploy', {
        repository: settings.githubRepository,
        githubEnvironment: GITHUB_DEPLOY_ENVIRONMENT,
        environment,
        region,
        replicaRegions: [...(settings.exportsReplicaRegion ? [settings.exportsReplicaRegion] : []), ...settings.dynamoReplicaRegions],
        stateBucket,
        ecrRepositories: Object.values(repositories).map((repository) => repository.name),
        ...(settings.githubOidcProviderArn ? { existingOidcProviderArn: settings.githubOidcProviderArn } : {}),
      });
      new TerraformOutput(this, 'deploy_role_arn', { value: deployRole.role.arn, description: 'AWS_DEPLOY_ROLE_ARN of the GitHub repository.' });
    }
    new TerraformOutput(this, 'cognito_domain_url', {
      value: customerPool.hostedUiUrl ?? '',
      description: "The customer pool's hosted UI (COGNITO_DOMAIN_URL of the customer API).",
    });
    new TerraformOutput(this, 'api_hostnames', {
      value: mapValues(edge.apis, (api) => api.hostname),
      description: 'The public hostnames of the two APIs, behind CloudFront.',
    });
    new TerraformOutput(this, 'apps', {
      value: mapValues(apps, (app) => ({ hostname: app.hostname, bucket: app.bucket.bucket, distributionId: app.distribution.id })),
      description: 'Where scripts/deploy-apps.sh uploads each built app, and the distribution whose index.html it invalidates.',
    });
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
