import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider/index.js';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { TerraformStack, Testing } from 'cdktf';
import { DeployRole, type DeployRoleProps } from '../src/deploy-role.js';
import { parseJson, type Block } from './support/synthesized.js';

Testing.setupJest();

const REPOSITORY = 'acme/loyalty';
const props: DeployRoleProps = {
  repository: REPOSITORY,
  githubEnvironment: 'production',
  environment: 'acme-prod',
  region: 'eu-west-1',
  stateBucket: 'acme-terraform-state',
  ecrRepositories: ['customer-api', 'admin-api', 'outbox-relay'],
};

interface Statement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

function synth(overrides: Partial<DeployRoleProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'deploy-role');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  new DeployRole(stack, 'deploy_role', { ...props, ...overrides });
  const json = Testing.synth(stack);
  const resources = (JSON.parse(json) as { resource: Record<string, Record<string, Block>> }).resource;
  const ofType = (type: string) => Object.values(resources[type] ?? {});
  const statements = ofType('aws_iam_policy').flatMap((policy) => (parseJson(policy.policy) as { Statement: Statement[] }).Statement);
  const trust = parseJson(ofType('aws_iam_role')[0]?.assume_role_policy) as { Statement: Statement[] & { Principal: unknown }[] };
  return { json, ofType, statements, trust };
}

const list = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

describe('who can assume the deploy role', () => {
  const { json, ofType, trust } = synth();

  it("is GitHub's OIDC provider for the STS audience", () => {
    expect(json).toHaveResourceWithProperties(IamOpenidConnectProvider, {
      url: 'https://token.actions.githubusercontent.com',
      client_id_list: ['sts.amazonaws.com'],
    });
    expect(ofType('aws_iam_role')).toHaveLength(1);
  });

  it('trusts only this repository on main, on v* tags and in the approval environment', () => {
    expect(trust.Statement).toHaveLength(1);
    expect(trust.Statement[0]).toEqual({
      Effect: 'Allow',
      Principal: { Federated: expect.stringMatching(/^\$\{aws_iam_openid_connect_provider\.[A-Za-z_0-9]+\.arn\}$/) },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
        StringLike: {
          'token.actions.githubusercontent.com:sub': [
            'repo:acme/loyalty:ref:refs/heads/main',
            'repo:acme/loyalty:ref:refs/tags/v*',
            'repo:acme/loyalty:environment:production',
          ],
        },
      },
    });
  });

  it('reuses the account’s existing OIDC provider when given one', () => {
    const existing = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
    const reused = synth({ existingOidcProviderArn: existing });
    expect(reused.ofType('aws_iam_openid_connect_provider')).toHaveLength(0);
    expect(reused.trust.Statement[0]).toMatchObject({ Principal: { Federated: existing } });
  });
});

describe('what the deploy role may do', () => {
  const { ofType, statements } = synth();
  const allows = statements.filter((statement) => statement.Effect === 'Allow');

  it('never allows every action, and never IAM on every resource', () => {
    for (const statement of allows) {
      expect(list(statement.Action)).not.toContain('*');
      expect(list(statement.Action)).not.toContain('*:*');
      if (list(statement.Resource).includes('*')) expect(list(statement.Action).some((action) => action.startsWith('iam:'))).toBe(false);
    }
  });

  it('allows "*" resources only for actions without resource-level permissions, or inside the stack’s regions', () => {
    const unscoped = allows.filter((statement) => list(statement.Resource).includes('*') && !statement.Condition?.StringEquals?.['aws:RequestedRegion']);
    expect(unscoped.flatMap((statement) => list(statement.Action)).sort()).toEqual(
      [
        'ecr:GetAuthorizationToken',
        'kms:CreateGrant',
        'kms:DescribeKey',
        'kms:ListAliases',
        'lambda:CreateEventSourceMapping',
        'lambda:GetAccountSettings',
        'lambda:ListEventSourceMappings',
        'logs:DescribeLogGroups',
        'route53:GetChange',
        'route53:ListHostedZones',
        'sts:GetCallerIdentity',
      ].sort(),
    );
    const regional = allows.find((statement) => statement.Sid === 'RegionalServices');
    expect(regional?.Condition).toEqual({ StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } });
  });

  it('reads and writes only its own environment’s state object, and pushes only to the stack’s repositories', () => {
    const state = allows.filter(
      (statement) => list(statement.Action).some((action) => action.startsWith('s3:')) && list(statement.Resource).some((r) => r.includes('terraform-state')),
    );
    expect(state.flatMap((statement) => list(statement.Resource)).sort()).toEqual(
      ['arn:aws:s3:::acme-terraform-state', 'arn:aws:s3:::acme-terraform-state/loyalty/acme-prod.tfstate*'].sort(),
    );
    const repositories = allows.find((statement) => statement.Sid === 'Repositories');
    expect(list(repositories?.Resource).map((arn) => arn.replace(/^.*:repository\//, ''))).toEqual(['customer-api', 'admin-api', 'outbox-relay']);
  });

  it('manages only the environment’s own named resources and IAM roles, handing roles only to the services that run them', () => {
    for (const sid of ['StackIam', 'Messaging', 'Tables', 'Buckets', 'Functions']) {
      const statement = allows.find((candidate) => candidate.Sid === sid);
      for (const resource of list(statement?.Resource)) expect(resource).toMatch(/acme-prod-\*|event-source-mapping:\*/);
    }
    const passRole = allows.find((statement) => statement.Sid === 'PassStackRoles');
    expect(passRole?.Condition?.StringEquals?.['iam:PassedToService']).toEqual(expect.arrayContaining(['ecs-tasks.amazonaws.com', 'lambda.amazonaws.com']));
  });

  it('cannot change its own role, policies or the OIDC provider, but can read them for a terraform refresh', () => {
    const deny = statements.find((statement) => statement.Effect === 'Deny');
    const own = list(deny?.Resource);
    expect(own).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/:role\/loyalty-deploy-acme-prod$/),
        expect.stringMatching(/:policy\/loyalty-deploy-acme-prod-\*$/),
        expect.stringMatching(/:oidc-provider\/token\.actions\.githubusercontent\.com$/),
      ]),
    );
    expect(deny?.NotAction).toEqual(expect.arrayContaining(['iam:GetRole', 'iam:GetPolicyVersion']));
    expect(deny?.NotAction?.some((action) => /^iam:(Put|Attach|Update|Create|Delete)/.test(action))).toBe(false);
    // The role's own policies carry its name, so the stack-wide IAM statement (acme-prod-*) does not reach them.
    expect(ofType('aws_iam_policy').map((policy) => policy.name)).toEqual(expect.arrayContaining([expect.stringMatching(/^loyalty-deploy-acme-prod-/)]));
  });

  it('keeps every policy within the 6,144 characters IAM allows a managed policy', () => {
    for (const policy of ofType('aws_iam_policy')) expect(JSON.stringify(parseJson(policy.policy)).length).toBeLessThanOrEqual(6144);
  });

  it('adds the replica regions to the regions it may write to', () => {
    const regional = synth({ replicaRegions: ['eu-central-1'] }).statements.find((statement) => statement.Sid === 'RegionalServices');
    expect(regional?.Condition?.StringEquals?.['aws:RequestedRegion']).toEqual(['eu-west-1', 'us-east-1', 'eu-central-1']);
  });
});
