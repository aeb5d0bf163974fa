import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity/index.js';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider/index.js';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment/index.js';
import { Construct } from 'constructs';

export const GITHUB_OIDC_ISSUER = 'token.actions.githubusercontent.com';
/** The GitHub environment of deploy.yml's apply job, whose required reviewers approve each plan. */
export const GITHUB_DEPLOY_ENVIRONMENT = 'production';

export interface DeployRoleProps {
  /** The GitHub repository allowed to assume the role, "owner/name". */
  repository: string;
  /** The GitHub environment whose required reviewers gate `terraform apply`; GITHUB_DEPLOY_ENVIRONMENT unless the workflow is changed. */
  githubEnvironment: string;
  /** The platform environment ("acme-prod"): every physical name the stack creates starts with "<environment>-". */
  environment: string;
  region: string;
  /** Regions besides `region` and us-east-1 (CloudFront, ACM, WAF) that the stack writes to: replica buckets, global tables. */
  replicaRegions?: string[];
  /** The terraform state bucket (TF_STATE_BUCKET); the stack keeps its state under loyalty/<environment>.tfstate. */
  stateBucket: string;
  ecrRepositories: string[];
  /** An account has one OIDC provider per issuer: pass its ARN when another stack already created it. */
  existingOidcProviderArn?: string;
}

type Statement = {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
} & ({ Action: string | string[] } | { NotAction: string[] });

const ownAccessReads = [
  'iam:GetRole',
  'iam:ListRolePolicies',
  'iam:ListAttachedRolePolicies',
  'iam:GetPolicy',
  'iam:GetPolicyVersion',
  'iam:ListPolicyVersions',
  'iam:GetOpenIDConnectProvider',
];

// Services whose resources terraform creates with names it does not choose (VPC ids, instance ids,
// generated ARNs) or without resource-level permissions: limited to the stack's regions instead.
const regionalServices = [
  'acm',
  'application-autoscaling',
  'autoscaling',
  'backup',
  'backup-storage',
  'cloudfront',
  'cloudwatch',
  'cognito-idp',
  'ec2',
  'ecs',
  'elasticache',
  'elasticloadbalancing',
  'events',
  'rds',
  'scheduler',
  'secretsmanager',
  'ses',
  'ssm',
  'wafv2',
];

// Roles the stack creates are handed only to the services that run them.
const passRoleServices = [
  'ec2.amazonaws.com',
  'ecs-tasks.amazonaws.com',
  'lambda.amazonaws.com',
  'scheduler.amazonaws.com',
  'backup.amazonaws.com',
  's3.amazonaws.com',
  'cognito-idp.amazonaws.com',
  'monitoring.rds.amazonaws.com',
];

const serviceLinkedRoleServices = [
  'autoscaling.amazonaws.com',
  'ecs.amazonaws.com',
  'elasticloadbalancing.amazonaws.com',
  'rds.amazonaws.com',
  'elasticache.amazonaws.com',
  'backup.amazonaws.com',
  'replication.dynamodb.amazonaws.com',
];

/**
 * The IAM side of .github/workflows/deploy.yml: GitHub's OIDC provider and the role the workflow
 * assumes with `aws-actions/configure-aws-credentials`. Only this repository's main branch, its v*
 * tags and its approval environment can assume it; it may run terraform for one environment, push
 * to the stack's ECR repositories and watch the ECS rollout, and it cannot change its own access.
 * Applied once by hand with administrator credentials (docs/deploy.md), then by the pipeline.
 */
export class DeployRole extends Construct {
  readonly role: IamRole;
  readonly oidcProviderArn: string;

  constructor(scope: Construct, id: string, props: DeployRoleProps) {
    super(scope, id);
    const { repository, githubEnvironment, environment, region, stateBucket } = props;
    const account = new DataAwsCallerIdentity(this, 'account').accountId;
    this.oidcProviderArn =
      props.existingOidcProviderArn ??
      new IamOpenidConnectProvider(this, 'github_oidc', { url: `https://${GITHUB_OIDC_ISSUER}`, clientIdList: ['sts.amazonaws.com'] }).arn;

    const roleName = `loyalty-deploy-${environment}`;
    this.role = new IamRole(this, 'role', {
      name: roleName,
      description: `Assumed by ${repository}'s deploy workflow (GitHub OIDC) to deploy ${environment}`,
      maxSessionDuration: 3600,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: this.oidcProviderArn },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: { [`${GITHUB_OIDC_ISSUER}:aud`]: 'sts.amazonaws.com' },
              StringLike: { [`${GITHUB_OIDC_ISSUER}:sub`]: trustedSubjects(repository, githubEnvironment) },
            },
          },
        ],
      }),
    });

    const named = (service: string, resource: string) => `arn:aws:${service}:${region}:${account}:${resource}`;
    const ownAccess = [
      `arn:aws:iam::${account}:role/${roleName}`,
      `arn:aws:iam::${account}:policy/${roleName}-*`,
      `arn:aws:iam::${account}:oidc-provider/${GITHUB_OIDC_ISSUER}`,
    ];
    const regions = [...new Set([region, 'us-east-1', ...(props.replicaRegions ?? [])])];
    const prefix = `${environment}-`;

    const policies: Record<string, Statement[]> = {
      'state-and-images': [
        { Sid: 'StateBucket', Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${stateBucket}` },
        {
          Sid: 'StateObjects',
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
          Resource: `arn:aws:s3:::${stateBucket}/loyalty/${environment}.tfstate*`,
        },
        // GetAuthorizationToken has no resource-level permissions.
        { Sid: 'RegistryLogin', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
        { Sid: 'Repositories', Effect: 'Allow', Action: 'ecr:*', Resource: props.ecrRepositories.map((name) => named('ecr', `repository/${name}`)) },
        { Sid: 'WhoAmI', Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' },
      ],
      identity: [
        {
          Sid: 'StackIam',
          Effect: 'Allow',
          Action: 'iam:*',
          Resource: [
            `arn:aws:iam::${account}:role/${prefix}*`,
            `arn:aws:iam::${account}:policy/${prefix}*`,
            `arn:aws:iam::${account}:instance-profile/${prefix}*`,
          ],
        },
        {
          Sid: 'PassStackRoles',
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: `arn:aws:iam::${account}:role/${prefix}*`,
          Condition: { StringEquals: { 'iam:PassedToService': passRoleServices } },
        },
        {
          Sid: 'ServiceLinkedRoles',
          Effect: 'Allow',
          Action: 'iam:CreateServiceLinkedRole',
          Resource: `arn:aws:iam::${account}:role/aws-service-role/*`,
          Condition: { StringEquals: { 'iam:AWSServiceName': serviceLinkedRoleServices } },
        },
        { Sid: 'ReadAwsManagedPolicies', Effect: 'Allow', Action: ['iam:GetPolicy', 'iam:GetPolicyVersion'], Resource: 'arn:aws:iam::aws:policy/*' },
        // terraform refreshes these when the integrator keeps them in the platform stack; only an
        // administrator changes them (docs/deploy.md, bootstrap).
        { Sid: 'ReadItsOwnAccess', Effect: 'Allow', Action: ownAccessReads, Resource: ownAccess },
        { Sid: 'NotChangeItsOwnAccess', Effect: 'Deny', NotAction: ownAccessReads, Resource: ownAccess },
      ],
      platform: [
        {
          Sid: 'Messaging',
          Effect: 'Allow',
          Action: ['sns:*', 'sqs:*'],
          Resource: regions.flatMap((r) => [`arn:aws:sns:${r}:${account}:${prefix}*`, `arn:aws:sqs:${r}:${account}:${prefix}*`]),
        },
        { Sid: 'Tables', Effect: 'Allow', Action: 'dynamodb:*', Resource: regions.map((r) => `arn:aws:dynamodb:${r}:${account}:table/${prefix}*`) },
        { Sid: 'Buckets', Effect: 'Allow', Action: 's3:*', Resource: [`arn:aws:s3:::${prefix}*`, `arn:aws:s3:::${prefix}*/*`] },
        {
          Sid: 'Functions',
          Effect: 'Allow',
          Action: 'lambda:*',
          Resource: [named('lambda', `function:${prefix}*`), named('lambda', 'event-source-mapping:*')],
        },
        // Lambda lists and creates event source mappings without naming a function ARN.
        {
          Sid: 'FunctionMappings',
          Effect: 'Allow',
          Action: ['lambda:CreateEventSourceMapping', 'lambda:ListEventSourceMappings', 'lambda:GetAccountSettings'],
          Resource: '*',
        },
        {
          Sid: 'Logs',
          Effect: 'Allow',
          Action: 'logs:*',
          Resource: [named('logs', `log-group:/ecs/loyalty-${environment}*`), named('logs', `log-group:/aws/lambda/${prefix}*`)],
        },
        { Sid: 'LogGroupsList', Effect: 'Allow', Action: 'logs:DescribeLogGroups', Resource: '*' },
        { Sid: 'Zone', Effect: 'Allow', Action: 'route53:*', Resource: ['arn:aws:route53:::hostedzone/*', 'arn:aws:route53:::change/*'] },
        { Sid: 'ZoneLists', Effect: 'Allow', Action: ['route53:ListHostedZones', 'route53:GetChange'], Resource: '*' },
        { Sid: 'Keys', Effect: 'Allow', Action: ['kms:DescribeKey', 'kms:CreateGrant', 'kms:ListAliases'], Resource: '*' },
        {
          Sid: 'RegionalServices',
          Effect: 'Allow',
          Action: regionalServices.map((service) => `${service}:*`),
          Resource: '*',
          Condition: { StringEquals: { 'aws:RequestedRegion': regions } },
        },
      ],
    };

    for (const [name, statements] of Object.entries(policies)) {
      const policy = new IamPolicy(this, `policy_${name.replaceAll('-', '_')}`, {
        name: `${roleName}-${name}`,
        policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
      });
      new IamRolePolicyAttachment(this, `attach_${name.replaceAll('-', '_')}`, { role: this.role.name, policyArn: policy.arn });
    }
  }
}

/** The OIDC `sub` claims deploy.yml's jobs present: main, a v* tag, or the job behind the approval environment. */
export function trustedSubjects(repository: string, githubEnvironment: string): string[] {
  return [`repo:${repository}:ref:refs/heads/main`, `repo:${repository}:ref:refs/tags/v*`, `repo:${repository}:environment:${githubEnvironment}`];
}
