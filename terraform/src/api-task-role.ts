import { TABLE_ITEM_ACTIONS } from './iam-documents.js';
import type { PolicyStatement } from './iam.js';
import type { UserPool } from './identity.js';

/**
 * The AWS calls of the processes in the API task (the task has one role): the Cognito admin calls each
 * API makes on its own pool (services/<api>/src/data-access), and the relay's SNS PublishBatch, which
 * IAM authorises as sns:Publish. The calls a signed-out user makes (SignUp, InitiateAuth, ...) need no IAM.
 * The admin API presigns export downloads: a presigned GET works only if its signer may GetObject.
 */
const customerPoolActions = [
  'cognito-idp:AdminDeleteUser',
  'cognito-idp:AdminDisableProviderForUser',
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminLinkProviderForUser',
];
const staffPoolActions = [
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminDeleteUser',
  // Only where Cognito lacks ResendConfirmationCode (cognito-local): the resend fallback asks whether the user is unconfirmed.
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminRemoveUserFromGroup',
];

export function apiTaskStatements(
  customerPool: UserPool,
  staffPool: UserPool,
  topicArns: string[],
  exportsBucketArn: string,
  tableArns: string[],
): PolicyStatement[] {
  return [
    { Sid: 'CustomerPoolAdmin', Effect: 'Allow', Action: customerPoolActions, Resource: [customerPool.pool.arn] },
    { Sid: 'StaffPoolAdmin', Effect: 'Allow', Action: staffPoolActions, Resource: [staffPool.pool.arn] },
    { Sid: 'PublishEvents', Effect: 'Allow', Action: ['sns:Publish'], Resource: topicArns },
    { Sid: 'PresignExportDownloads', Effect: 'Allow', Action: ['s3:GetObject'], Resource: [`${exportsBucketArn}/exports/*`] },
    { Sid: 'UseTables', Effect: 'Allow', Action: TABLE_ITEM_ACTIONS, Resource: [...tableArns, ...tableArns.map((arn) => `${arn}/index/*`)] },
  ];
}
