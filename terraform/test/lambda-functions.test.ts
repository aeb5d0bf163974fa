import { LambdaEventSourceMapping } from '@cdktf/provider-aws/lib/lambda-event-source-mapping/index.js';
import { isQueueTrigger, isScheduleTrigger, lambdaFunctions, type TableName } from '@loyalty/topology';
import { addFunctions, VPC_NETWORK_INTERFACE_ACTIONS } from '../src/lambda-functions.js';
import { overlyBroadStatements, roleStatements } from './support/iam.js';
import { TABLE_ITEM_ACTIONS } from '../src/iam-documents.js';
import { cognitoCodeKeyArn, database, emailSending, exportsBucket, name, network, queueArns, tableArns, unsubscribe } from './support/seams.js';
import { parseJson, synthesizePart } from './support/synthesized.js';

const synthesized = synthesizePart((stack) => {
  addFunctions(stack, {
    name,
    artifactsDir: '/build/dist/lambda',
    network,
    database,
    queueArns,
    email: emailSending,
    cognitoCodeKeyArn,
    exportsBucket,
    unsubscribe,
    tableArns,
    resourcePrefix: 'test',
    functions: lambdaFunctions,
  });
});
const definitions = Object.entries(lambdaFunctions);
const tableGrant = (tables: readonly TableName[]) => {
  const arns = tables.map((table) => tableArns[table]);
  return [...arns, ...arns.map((arn) => `${arn}/index/*`)];
};
const id = (functionName: string) => `lambda_${functionName.replaceAll('-', '_')}`;
const fn = (functionName: string) => synthesized.resource('aws_lambda_function', 'function_name', name(functionName));

it('deploys exactly the functions of the definition', () => {
  expect(
    Object.values(synthesized.resources('aws_lambda_function'))
      .map((resource) => resource.function_name)
      .sort(),
  ).toEqual(Object.keys(lambdaFunctions).map(name).sort());
});

describe.each(definitions)('%s', (functionName, definition) => {
  it('runs the zip from the build on nodejs24.x, arm64, with the limits of its definition', () => {
    expect(fn(functionName)).toMatchObject({
      runtime: 'nodejs24.x',
      architectures: ['arm64'],
      handler: 'index.handler',
      filename: `/build/dist/lambda/${functionName}.zip`,
      source_code_hash: `\${filebase64sha256("/build/dist/lambda/${functionName}.zip")}`,
      memory_size: definition.memoryMb,
      timeout: definition.timeoutSeconds,
      reserved_concurrent_executions: definition.reservedConcurrency,
      role: `\${aws_iam_role.${id(functionName)}_role.arn}`,
    });
  });

  it('runs in the private subnets with the Lambda security group', () => {
    expect(fn(functionName).vpc_config).toEqual({ subnet_ids: network.privateSubnetIds, security_group_ids: [network.lambdaSecurityGroupId] });
  });

  it('gets the database secret by ARN (if it uses the database), never the URL itself, the sender only if it sends email, and the code key only if it decrypts codes', () => {
    const variables = (fn(functionName).environment as { variables: Record<string, string> }).variables;
    expect(variables).toMatchObject({ NODE_ENV: 'production', LOG_LEVEL: 'info' });
    expect(variables.DATABASE_URL_SECRET_ARN).toBe(definition.access.database ? database.databaseUrlSecretArn : undefined);
    expect(variables.COGNITO_CODE_KEY_ARN).toBe(definition.access.decryptsCognitoCodes ? cognitoCodeKeyArn : undefined);
    expect(variables.UNSUBSCRIBE_SIGNING_SECRET_ARN).toBe(definition.access.signsUnsubscribeLinks ? unsubscribe.signingSecretArn : undefined);
    expect(variables.UNSUBSCRIBE_BASE_URL).toBe(definition.access.signsUnsubscribeLinks ? unsubscribe.baseUrl : undefined);
    expect(variables).not.toHaveProperty('UNSUBSCRIBE_SIGNING_SECRET');
    expect(variables).not.toHaveProperty('DATABASE_URL');
    if (definition.access.sendsEmail) expect(variables.EMAIL_FROM_ADDRESS).toBe(emailSending.fromAddress);
    else expect(variables).not.toHaveProperty('EMAIL_FROM_ADDRESS');
    expect(variables.RESOURCE_PREFIX).toBe(definition.access.tables.length > 0 ? 'test' : undefined);
    if (definition.access.writesExports) expect(variables.EXPORTS_BUCKET).toBe(exportsBucket.name);
    else expect(variables).not.toHaveProperty('EXPORTS_BUCKET');
  });

  it('logs to its own group, kept 30 days', () => {
    expect(synthesized.resource('aws_cloudwatch_log_group', 'name', `/aws/lambda/${name(functionName)}`)).toMatchObject({ retention_in_days: 30 });
  });

  it('has a role only Lambda in this account may assume', () => {
    const role = synthesized.resources('aws_iam_role')[`${id(functionName)}_role`];
    expect(parseJson(role?.assume_role_policy)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'lambda.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': '${data.aws_caller_identity.functions_account.account_id}' } },
        },
      ],
    });
  });

  it('may do nothing with a wildcard, and nothing on "*" but manage its network interfaces', () => {
    const statements = roleStatements(synthesized, `${id(functionName)}_role`);
    expect(overlyBroadStatements(statements, VPC_NETWORK_INTERFACE_ACTIONS)).toEqual([]);
    expect(synthesized.resources('aws_iam_role_policy_attachment')).toEqual({});
  });

  it('reaches exactly its trigger queue, its log group, the database secret, (if it sends email) the SES identity and (if it writes exports) the exports keys', () => {
    const grants = roleStatements(synthesized, `${id(functionName)}_role`).flatMap((statement) =>
      statement.Action.map((action) => [action, statement.Resource] as const),
    );
    const { trigger } = definition;
    const logs = [`\${aws_cloudwatch_log_group.${id(functionName)}_logs.arn}:*`];
    expect(Object.fromEntries(grants)).toEqual({
      'logs:CreateLogStream': logs,
      'logs:PutLogEvents': logs,
      ...Object.fromEntries(VPC_NETWORK_INTERFACE_ACTIONS.map((action) => [action, ['*']])),
      ...(isQueueTrigger(trigger)
        ? Object.fromEntries(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'].map((action) => [action, [queueArns[trigger.queue]]]))
        : {}),
      ...(definition.access.database || definition.access.signsUnsubscribeLinks
        ? {
            'secretsmanager:GetSecretValue': [
              ...(definition.access.database ? [database.databaseUrlSecretArn] : []),
              ...(definition.access.signsUnsubscribeLinks ? [unsubscribe.signingSecretArn] : []),
            ],
          }
        : {}),
      ...(definition.access.sendsEmail ? { 'ses:SendEmail': [emailSending.identityArn, emailSending.configurationSetArn] } : {}),
      ...(definition.access.decryptsCognitoCodes ? { 'kms:Decrypt': [cognitoCodeKeyArn] } : {}),
      ...(definition.access.writesExports
        ? {
            ...Object.fromEntries(['s3:PutObject', 's3:AbortMultipartUpload', 's3:GetObject'].map((action) => [action, [`${exportsBucket.arn}/exports/*`]])),
            's3:ListBucketMultipartUploads': [exportsBucket.arn],
          }
        : {}),
      ...(definition.access.tables.length > 0 ? Object.fromEntries(TABLE_ITEM_ACTIONS.map((action) => [action, tableGrant(definition.access.tables)])) : {}),
    });
  });
});

describe.each(definitions.filter(([, definition]) => isQueueTrigger(definition.trigger)))('%s (queue trigger)', (functionName, definition) => {
  it('is fed by its queue in batches, reporting partial failures, no faster than its reserved concurrency', () => {
    if (!isQueueTrigger(definition.trigger)) throw new Error('not a queue trigger');
    expect(synthesized.json).toHaveResourceWithProperties(LambdaEventSourceMapping, {
      function_name: `\${aws_lambda_function.${id(functionName)}.arn}`,
      event_source_arn: queueArns[definition.trigger.queue],
      batch_size: definition.trigger.batchSize,
      maximum_batching_window_in_seconds: definition.trigger.maximumBatchingWindowSeconds,
      function_response_types: ['ReportBatchItemFailures'],
      scaling_config: { maximum_concurrency: definition.reservedConcurrency },
    });
  });
});

describe.each(definitions.filter(([, definition]) => isScheduleTrigger(definition.trigger)))('%s (schedule)', (functionName, definition) => {
  const schedule = () => synthesized.resource('aws_scheduler_schedule', 'name', name(functionName));

  it('is invoked by an EventBridge Scheduler schedule with the defined expression, in UTC', () => {
    if (!isScheduleTrigger(definition.trigger)) throw new Error('not a schedule');
    expect(schedule()).toMatchObject({
      schedule_expression: definition.trigger.scheduleExpression,
      schedule_expression_timezone: 'UTC',
      flexible_time_window: { mode: 'OFF' },
      target: { arn: `\${aws_lambda_function.${id(functionName)}.arn}`, role_arn: `\${aws_iam_role.${id(functionName)}_schedule_role.arn}` },
    });
    expect(Object.values(synthesized.resources('aws_lambda_event_source_mapping')).map((mapping) => mapping.function_name)).not.toContain(
      `\${aws_lambda_function.${id(functionName)}.arn}`,
    );
  });

  it('whose role may invoke this function and nothing else', () => {
    expect(roleStatements(synthesized, `${id(functionName)}_schedule_role`)).toEqual([
      { Sid: 'InvokeFunction', Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: [`\${aws_lambda_function.${id(functionName)}.arn}`] },
    ]);
  });
});

it('has one schedule per scheduled function and one mapping per queue-triggered one', () => {
  const scheduled = definitions.filter(([, definition]) => isScheduleTrigger(definition.trigger));
  const queueTriggered = definitions.filter(([, definition]) => isQueueTrigger(definition.trigger));
  expect(Object.keys(synthesized.resources('aws_scheduler_schedule'))).toHaveLength(scheduled.length);
  expect(Object.keys(synthesized.resources('aws_lambda_event_source_mapping'))).toHaveLength(queueTriggered.length);
});
