import { Testing } from 'cdktf';
import { physicalName, topology } from '@loyalty/topology';
import { PlatformStack } from '../src/platform-stack.js';
import { deploymentSettings, ENVIRONMENT, synthesize } from './support/synthesized.js';

const synthesized = synthesize();

describe('output', () => {
  const output = synthesized.config.output.topology?.value as Record<string, Record<string, unknown>>;

  it('names every resource of the definition, in the shape services read', () => {
    expect(output.prefix).toBe(ENVIRONMENT);
    expect(Object.keys(output.topics ?? {}).sort()).toEqual([...topology.topics].sort());
    expect(Object.keys(output.queues ?? {}).sort()).toEqual(Object.keys(topology.queues).sort());
    expect(Object.keys(output.buckets ?? {})).toEqual([...topology.buckets]);
    expect(Object.keys(output.tables ?? {}).sort()).toEqual(Object.keys(topology.tables).sort());
    expect(Object.keys(output.userPools ?? {}).sort()).toEqual(Object.keys(topology.userPools).sort());
  });

  it('gives the queue and DLQ URLs and ARNs, and where staff tokens come from', () => {
    expect(output.queues?.transactions).toEqual({
      url: '${aws_sqs_queue.queue_transactions.url}',
      arn: '${aws_sqs_queue.queue_transactions.arn}',
      deadLetterUrl: '${aws_sqs_queue.dlq_transactions.url}',
      deadLetterArn: '${aws_sqs_queue.dlq_transactions.arn}',
    });
    expect(output.userPools?.staff).toEqual({
      userPoolId: '${aws_cognito_user_pool.user_pool_staff.id}',
      clientId: '${aws_cognito_user_pool_client.user_pool_staff_client.id}',
      issuer: 'https://${aws_cognito_user_pool.user_pool_staff.endpoint}',
      jwksUri: 'https://${aws_cognito_user_pool.user_pool_staff.endpoint}/.well-known/jwks.json',
    });
  });
});

describe('stack parameters', () => {
  it('prefixes every physical name with the environment and tags everything with it', () => {
    const other = synthesize({ environment: 'acme-prod', region: 'us-west-2' });
    expect(other.resource('aws_sns_topic', 'name', physicalName('acme-prod', 'loyalty'))).toBeDefined();
    expect(other.config).toMatchObject({
      provider: { aws: [{ region: 'us-west-2', default_tags: [{ tags: expect.objectContaining({ Environment: 'acme-prod' }) }] }] },
    });
  });

  it.each(['Prod', 'prod_1', '-prod', 'prod-', `a${'b'.repeat(60)}`])('rejects "%s", which is no valid prefix of a bucket name', (environment) => {
    expect(() => new PlatformStack(Testing.app(), 'invalid', { environment, region: 'eu-west-1', settings: deploymentSettings() })).toThrow(/environment/);
  });

  it('keeps state in S3 with locking when a state bucket is given, else in a local file outside cdktf.out', () => {
    expect(synthesized.config.terraform.backend).toEqual({ local: { path: '../../../terraform.platform.tfstate' } });
    expect(synthesize({ stateBucket: 'acme-terraform-state' }).config.terraform.backend).toEqual({
      s3: { bucket: 'acme-terraform-state', key: `loyalty/${ENVIRONMENT}.tfstate`, region: 'eu-west-1', encrypt: true, use_lockfile: true },
    });
  });
});

describe('the deploy role', () => {
  const roleNamed = (s: ReturnType<typeof synthesize>) =>
    Object.values(s.resources('aws_iam_role')).filter((role) => role.name === `loyalty-deploy-${ENVIRONMENT}`);

  it('is part of the stack only for a GitHub repository, trusted for that repository alone', () => {
    expect(roleNamed(synthesize())).toHaveLength(0);
    const withRepository = synthesize({ stateBucket: 'acme-state', settings: deploymentSettings({ githubRepository: 'acme/loyalty' }) });
    const [role] = roleNamed(withRepository);
    expect(String(role?.assume_role_policy)).toContain('repo:acme/loyalty:ref:refs/heads/main');
    expect(withRepository.config.output.deploy_role_arn).toBeDefined();
  });

  it('needs shared state, since the pipeline runs elsewhere', () => {
    expect(() => synthesize({ settings: deploymentSettings({ githubRepository: 'acme/loyalty' }) })).toThrow(/TF_STATE_BUCKET/);
  });
});

describe("Cognito's email", () => {
  it.each(Object.keys(topology.userPools))(
    'the %s pool hands its codes, KMS-encrypted, to the CustomEmailSender function, and only that pool may invoke it for that',
    (pool) => {
      expect(synthesized.resources('aws_cognito_user_pool')[`user_pool_${pool}`]?.lambda_config).toEqual({
        custom_email_sender: { lambda_arn: '${aws_lambda_function.lambda_cognito_email_sender.arn}', lambda_version: 'V1_0' },
        kms_key_id: '${aws_kms_key.cognito_code_key.arn}',
      });
      expect(synthesized.resources('aws_lambda_permission')[`user_pool_${pool}_invokes_email_sender`]).toMatchObject({
        action: 'lambda:InvokeFunction',
        function_name: '${aws_lambda_function.lambda_cognito_email_sender.function_name}',
        principal: 'cognito-idp.amazonaws.com',
        source_arn: `\${aws_cognito_user_pool.user_pool_${pool}.arn}`,
      });
    },
  );

  it('encrypts with a rotated key that Cognito may only encrypt with, for this account', () => {
    const key = synthesized.resources('aws_kms_key').cognito_code_key;
    expect(key?.enable_key_rotation).toBe(true);
    const cognito = (JSON.parse(String(key?.policy)) as { Statement: { Sid: string; Action: unknown; Condition?: unknown }[] }).Statement.find(
      (statement) => statement.Sid === 'CognitoEncryptsCodes',
    );
    expect(cognito?.Action).toEqual(['kms:Encrypt', 'kms:GenerateDataKey']);
    expect(cognito?.Condition).toMatchObject({ StringEquals: { 'aws:SourceAccount': expect.any(String) } });
  });
});
