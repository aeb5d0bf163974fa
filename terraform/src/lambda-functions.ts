import { join } from 'node:path';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { LambdaEventSourceMapping } from '@cdktf/provider-aws/lib/lambda-event-source-mapping/index.js';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function/index.js';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule/index.js';
import { isQueueTrigger, isScheduleTrigger, type LambdaFunctionDefinition } from '@loyalty/topology/functions';
import { Fn } from 'cdktf';
import type { Construct } from 'constructs';
import { allow, assumedBy, type PolicyStatement, policyDocument, TABLE_ITEM_ACTIONS } from './iam-documents.js';
import type { DatabaseOutputs, NetworkOutputs } from './stack-seams.js';
import { definedIn } from './topology-definition.js';

/** Where a function that sends email sends it from, and what IAM lets it use. */
export interface EmailSending {
  identityArn: string;
  configurationSetArn: string;
  fromAddress: string;
}

export interface FunctionsProps {
  name: (logicalName: string) => string;
  /** The directory holding `<function>.zip`, as terraform (run from the synthesized stack directory) sees it. */
  artifactsDir: string;
  network: NetworkOutputs;
  database: DatabaseOutputs;
  /** ARN of every queue a function may be triggered by, by its logical name. */
  queueArns: Readonly<Record<string, string>>;
  email: EmailSending;
  /** The key Cognito encrypts its codes with, for the functions that decrypt them. */
  cognitoCodeKeyArn: string;
  /** The bucket the exporter writes export files to (under `exports/`). */
  exportsBucket: { name: string; arn: string };
  /** For the campaign sender: the secret signing unsubscribe links, and the customer API's public URL they point at. */
  unsubscribe: { signingSecretArn: string; baseUrl: string };
  /** ARN of every DynamoDB table, by its logical name. */
  tableArns: Readonly<Record<string, string>>;
  /** The environment's RESOURCE_PREFIX, from which a function derives its tables' names. */
  resourcePrefix: string;
  functions: Readonly<Record<string, LambdaFunctionDefinition>>;
  logLevel?: string;
}

export interface DeployedFunction {
  function: LambdaFunction;
  role: IamRole;
  logGroup: CloudwatchLogGroup;
}

const LOG_RETENTION_DAYS = 30;

// Lambda creates and removes the function's network interfaces with the execution role. EC2 has no
// resource-level permissions for the Describe calls, and AWS documents these for "*" (it is also what
// the managed AWSLambdaVPCAccessExecutionRole grants, minus its logs:* on every log group).
export const VPC_NETWORK_INTERFACE_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
];

/**
 * One Lambda per definition (nodejs24.x on arm64: the bundles are pure JS and Graviton is about 20%
 * cheaper per GB-second), each with its own role that reaches exactly its trigger, its log group, the
 * database secret and, for the notifier, the SES identity; for the exporter, the exports bucket's `exports/` keys.
 */
export function addFunctions(scope: Construct, props: FunctionsProps): Record<string, DeployedFunction> {
  const account = new DataAwsCallerIdentity(scope, 'functions_account');
  const deployed: Record<string, DeployedFunction> = {};
  for (const [functionName, definition] of Object.entries(props.functions)) {
    deployed[functionName] = addFunction(scope, functionName, definition, props, account.accountId);
  }
  return deployed;
}

function addFunction(scope: Construct, functionName: string, definition: LambdaFunctionDefinition, props: FunctionsProps, accountId: string): DeployedFunction {
  const id = `lambda_${functionName.replaceAll('-', '_')}`;
  const physical = props.name(functionName);
  const { trigger, access } = definition;
  const triggerQueueArn = isQueueTrigger(trigger) ? definedIn(props.queueArns, trigger.queue, 'trigger queue') : undefined;

  const logGroup = new CloudwatchLogGroup(scope, `${id}_logs`, { name: `/aws/lambda/${physical}`, retentionInDays: LOG_RETENTION_DAYS });
  const role = new IamRole(scope, `${id}_role`, {
    name: `${physical}-lambda`,
    assumeRolePolicy: assumedBy('lambda.amazonaws.com', accountId),
  });
  const statements: PolicyStatement[] = [
    allow('OwnLogs', ['logs:CreateLogStream', 'logs:PutLogEvents'], [`${logGroup.arn}:*`]),
    allow('VpcNetworkInterfaces', VPC_NETWORK_INTERFACE_ACTIONS, ['*']),
  ];
  if (triggerQueueArn) {
    statements.push(allow('ConsumeTriggerQueue', ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], [triggerQueueArn]));
  }
  const secretArns = [
    ...(access.database ? [props.database.databaseUrlSecretArn] : []),
    ...(access.signsUnsubscribeLinks ? [props.unsubscribe.signingSecretArn] : []),
  ];
  if (secretArns.length > 0) statements.push(allow('ReadSecrets', ['secretsmanager:GetSecretValue'], secretArns));
  if (access.sendsEmail) statements.push(allow('SendEmail', ['ses:SendEmail'], [props.email.identityArn, props.email.configurationSetArn]));
  if (access.decryptsCognitoCodes) statements.push(allow('DecryptCognitoCodes', ['kms:Decrypt'], [props.cognitoCodeKeyArn]));
  // PutObject covers the multipart calls but the abort; GetObject is what the presigned email link needs of the signer.
  // Listing the open uploads (a bucket action) is how a retry finds those of an attempt that died.
  if (access.writesExports) {
    statements.push(allow('WriteExports', ['s3:PutObject', 's3:AbortMultipartUpload', 's3:GetObject'], [`${props.exportsBucket.arn}/exports/*`]));
    statements.push(allow('ListOpenExportUploads', ['s3:ListBucketMultipartUploads'], [props.exportsBucket.arn]));
  }
  if (access.tables.length > 0) {
    const tableArns = access.tables.map((table) => definedIn(props.tableArns, table, 'table'));
    statements.push(allow('UseTables', TABLE_ITEM_ACTIONS, [...tableArns, ...tableArns.map((arn) => `${arn}/index/*`)]));
  }
  const policy = new IamRolePolicy(scope, `${id}_policy`, { role: role.id, name: 'least-privilege', policy: policyDocument(statements) });

  const zip = join(props.artifactsDir, `${functionName}.zip`);
  const lambda = new LambdaFunction(scope, id, {
    functionName: physical,
    description: definition.description,
    runtime: 'nodejs24.x',
    architectures: ['arm64'],
    handler: 'index.handler',
    filename: zip,
    // Evaluated by terraform at plan time: the zip need not exist when the stack is synthesized.
    sourceCodeHash: Fn.filebase64sha256(zip),
    role: role.arn,
    memorySize: definition.memoryMb,
    timeout: definition.timeoutSeconds,
    reservedConcurrentExecutions: definition.reservedConcurrency,
    vpcConfig: { subnetIds: props.network.privateSubnetIds, securityGroupIds: [props.network.lambdaSecurityGroupId] },
    loggingConfig: { logFormat: 'Text', logGroup: logGroup.name },
    environment: { variables: functionEnvironment(definition, props) },
    // The role must be able to write logs and create ENIs before the first invocation.
    dependsOn: [policy, logGroup],
  });

  if (isQueueTrigger(trigger) && triggerQueueArn) {
    new LambdaEventSourceMapping(scope, `${id}_trigger`, {
      functionName: lambda.arn,
      eventSourceArn: triggerQueueArn,
      batchSize: trigger.batchSize,
      maximumBatchingWindowInSeconds: trigger.maximumBatchingWindowSeconds,
      functionResponseTypes: ['ReportBatchItemFailures'],
      // Without a cap the pollers outrun the reserved concurrency; throttled batches go back to the
      // queue and count as receives, so healthy messages would end in the DLQ. SQS's floor is 2.
      ...(definition.reservedConcurrency >= 2 ? { scalingConfig: { maximumConcurrency: definition.reservedConcurrency } } : {}),
      dependsOn: [policy],
    });
  } else if (isScheduleTrigger(trigger)) {
    const schedulerRole = new IamRole(scope, `${id}_schedule_role`, {
      name: `${physical}-schedule`,
      assumeRolePolicy: assumedBy('scheduler.amazonaws.com', accountId),
    });
    new IamRolePolicy(scope, `${id}_schedule_policy`, {
      role: schedulerRole.id,
      name: 'invoke-function',
      policy: policyDocument([allow('InvokeFunction', ['lambda:InvokeFunction'], [lambda.arn])]),
    });
    new SchedulerSchedule(scope, `${id}_schedule`, {
      name: physical,
      description: definition.description,
      scheduleExpression: trigger.scheduleExpression,
      scheduleExpressionTimezone: 'UTC',
      flexibleTimeWindow: { mode: 'OFF' },
      // The job expires whatever is due when it runs, so the next run is the retry; a retried run would
      // only be throttled by the reserved concurrency of the one still going.
      target: { arn: lambda.arn, roleArn: schedulerRole.arn, retryPolicy: { maximumRetryAttempts: 0 } },
    });
  }

  return { function: lambda, role, logGroup };
}

function functionEnvironment(definition: LambdaFunctionDefinition, props: FunctionsProps): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: props.logLevel ?? 'info',
    NODE_OPTIONS: ['--enable-source-maps', definition.nodeOptions].filter(Boolean).join(' '),
    ...(definition.access.database ? { DATABASE_URL_SECRET_ARN: props.database.databaseUrlSecretArn } : {}),
    ...(definition.access.sendsEmail ? { EMAIL_FROM_ADDRESS: props.email.fromAddress } : {}),
    ...(definition.access.decryptsCognitoCodes ? { COGNITO_CODE_KEY_ARN: props.cognitoCodeKeyArn } : {}),
    ...(definition.access.tables.length > 0 ? { RESOURCE_PREFIX: props.resourcePrefix } : {}),
    ...(definition.access.writesExports ? { EXPORTS_BUCKET: props.exportsBucket.name } : {}),
    ...(definition.access.signsUnsubscribeLinks
      ? { UNSUBSCRIBE_SIGNING_SECRET_ARN: props.unsubscribe.signingSecretArn, UNSUBSCRIBE_BASE_URL: props.unsubscribe.baseUrl }
      : {}),
  };
}
