import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias/index.js';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key/index.js';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission/index.js';
import type { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function/index.js';
import type { Construct } from 'constructs';
import type { UserPool } from './identity.js';

/**
 * The symmetric key Cognito encrypts its codes with before handing them to the CustomEmailSender.
 * Its policy: the account administers it (IAM then grants the function kms:Decrypt), and Cognito may
 * encrypt with it on behalf of this account only. One key costs $1 a month plus $0.03 per 10,000 calls.
 */
export function addCognitoCodeKey(scope: Construct, name: (logicalName: string) => string, accountId: string, region: string): KmsKey {
  const key = new KmsKey(scope, 'cognito_code_key', {
    description: "Encrypts Cognito's verification, reset and invitation codes for the CustomEmailSender",
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AccountAdministers', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' },
        {
          Sid: 'CognitoEncryptsCodes',
          Effect: 'Allow',
          Principal: { Service: 'cognito-idp.amazonaws.com' },
          Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
          Resource: '*',
          Condition: {
            StringEquals: { 'aws:SourceAccount': accountId },
            ArnLike: { 'aws:SourceArn': `arn:aws:cognito-idp:${region}:${accountId}:userpool/*` },
          },
        },
      ],
    }),
  });
  new KmsAlias(scope, 'cognito_code_key_alias', { name: `alias/${name('cognito-codes')}`, targetKeyId: key.keyId });
  return key;
}

/** Hands each pool's email to the function (CustomEmailSender V1_0), and lets that pool, and only it, invoke it. */
export function attachCustomEmailSender(scope: Construct, pools: Readonly<Record<string, UserPool>>, sender: LambdaFunction, key: KmsKey): void {
  for (const [poolName, { pool }] of Object.entries(pools)) {
    pool.putLambdaConfig({ customEmailSender: { lambdaArn: sender.arn, lambdaVersion: 'V1_0' }, kmsKeyId: key.arn });
    new LambdaPermission(scope, `user_pool_${poolName}_invokes_email_sender`, {
      statementId: `cognito-${poolName}`,
      action: 'lambda:InvokeFunction',
      functionName: sender.functionName,
      principal: 'cognito-idp.amazonaws.com',
      sourceArn: pool.arn,
    });
  }
}
