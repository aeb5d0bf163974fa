import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import type { ProvisionedQueue, ProvisionedUserPool } from '@loyalty/topology';
import { physicalName, topology as platformTopology } from '@loyalty/topology/definition';
import { LocalBackend, S3Backend, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { awsSettings as defaultAwsSettings, type AwsSettings } from './aws-settings.js';
import { addAlerts } from './alerts.js';
import { addBackups } from './backups.js';
import { addBucketReplication } from './bucket-replication.js';
import { loadDeploymentSettings, type DeploymentSettings } from './deployment-settings.js';
import { addEmail } from './email.js';
import { addIdentity } from './identity.js';
import { addMessaging } from './messaging.js';
import { addStorage } from './storage.js';
import { definedIn, type TopologyDefinition } from './topology-definition.js';

export interface PlatformStackProps {
  /** Environment name ("dev", "acme-prod"): the prefix of every physical name, as locally. */
  environment: string;
  region: string;
  /** Where terraform keeps its state; without it, a local file beside the synthesized stack. */
  stateBucket?: string;
  topology?: TopologyDefinition;
  awsSettings?: AwsSettings;
  /** Domain, DNS zone, alert email, OAuth URLs...; defaults to loadDeploymentSettings of an empty environment. */
  settings?: DeploymentSettings;
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

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    const { environment, region, stateBucket, topology = platformTopology, awsSettings = defaultAwsSettings } = props;
    assertEnvironmentName(environment, topology);
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

    const settings = props.settings ?? loadDeploymentSettings({}, { lambdaArtifactsDir: '../dist/lambda' });

    const alerts = addAlerts(this, { name, email: settings.alertEmail, region });
    const messaging = addMessaging(this, topology, name, { alarmActions: [alerts.topicArn] });
    const storage = addStorage(this, topology, awsSettings.buckets, name);
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
      userPools: mapValues(userPools, ({ pool, client }) => {
        const issuer = `https://${pool.endpoint}`;
        return { userPoolId: pool.id, clientId: client.id, issuer, jwksUri: `${issuer}/.well-known/jwks.json` };
      }),
    };
    new TerraformOutput(this, 'cognito_domain_url', {
      value: userPools.customers?.hostedUiUrl ?? '',
      description: "The customer pool's hosted UI (COGNITO_DOMAIN_URL of the customer API).",
    });
    new TerraformOutput(this, 'topology', {
      value: this.outputs,
      description: 'Physical names, ARNs, URLs and pool ids of the topology, in the shape of ProvisionedTopology.',
    });
  }
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
