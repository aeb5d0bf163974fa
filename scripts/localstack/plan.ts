import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import {
  AddPermissionCommand,
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  PutFunctionConcurrencyCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { CreateEmailIdentityCommand } from '@aws-sdk/client-sesv2';
import { isQueueTrigger, isScheduleTrigger, physicalName, type LambdaFunctionDefinition, type LambdaFunctionName, type QueueName } from '@loyalty/topology';

export const LAMBDA_RUNTIME = 'nodejs24.x';
export const LAMBDA_HANDLER = 'index.handler';

export type LambdaArchitecture = 'x86_64' | 'arm64';

/** What a function's code needs to reach from inside LocalStack's Docker network. */
export interface LambdaReach {
  /** Postgres as the Lambda container sees it (the compose service, or host.docker.internal). */
  databaseUrl: string;
  /** LocalStack as the Lambda container sees it, for SES, SNS and SQS calls. */
  awsEndpointUrl: string;
  emailFromAddress: string;
  logLevel: string;
  /** For the campaign sender: the unsubscribe links' secret (the customer API's) and where they point. */
  unsubscribe: { signingSecret: string; baseUrl: string };
}

export interface LocalStackDeployInput {
  prefix: string;
  accountId: string;
  region: string;
  /** Queue ARNs, as provisionTopology returned them. */
  queues: Record<QueueName, { arn: string }>;
  functions: Readonly<Record<LambdaFunctionName, LambdaFunctionDefinition>>;
  /** The bytes of dist/lambda/<name>.zip per function. */
  zips: Record<LambdaFunctionName, Uint8Array>;
  architecture: LambdaArchitecture;
  reach: LambdaReach;
}

/** One thing to converge, as the SDK commands that create it and, where it may exist, update it. */
export type DeployRequest =
  | { kind: 'role'; create: CreateRoleCommand }
  | { kind: 'email-identity'; create: CreateEmailIdentityCommand }
  | {
      kind: 'function';
      functionName: string;
      create: CreateFunctionCommand;
      updateConfiguration: UpdateFunctionConfigurationCommand;
      updateCode: UpdateFunctionCodeCommand;
    }
  | { kind: 'concurrency'; put: PutFunctionConcurrencyCommand }
  /** Updated in place when a mapping of the same queue to the same function exists. */
  | { kind: 'event-source-mapping'; create: CreateEventSourceMappingCommand }
  | { kind: 'schedule'; putRule: PutRuleCommand; permission: AddPermissionCommand; putTargets: PutTargetsCommand };

/**
 * Every request `npm run localstack:deploy` sends, in order, for the functions of the topology:
 * a role for them (LocalStack checks its format, not its permissions), the sender identity, each
 * function from its zip with its limits and environment, its reserved concurrency, and its trigger.
 * Schedules become EventBridge rules: LocalStack's Scheduler stores schedules but never runs them.
 */
export function planLocalStackDeploy(input: LocalStackDeployInput): DeployRequest[] {
  const { prefix, accountId, region } = input;
  const roleName = physicalName(prefix, 'lambda');
  const roleArn = `arn:aws:iam::${accountId}:role/${roleName}`;
  const requests: DeployRequest[] = [
    {
      kind: 'role',
      create: new CreateRoleCommand({
        RoleName: roleName,
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
      }),
    },
  ];
  const definitions = Object.entries(input.functions) as [LambdaFunctionName, LambdaFunctionDefinition][];
  if (definitions.some(([, definition]) => definition.access.sendsEmail)) {
    requests.push({ kind: 'email-identity', create: new CreateEmailIdentityCommand({ EmailIdentity: input.reach.emailFromAddress }) });
  }

  for (const [name, definition] of definitions) {
    const functionName = physicalName(prefix, name);
    const configuration = {
      FunctionName: functionName,
      Role: roleArn,
      Handler: LAMBDA_HANDLER,
      Runtime: LAMBDA_RUNTIME,
      Description: definition.description,
      MemorySize: definition.memoryMb,
      Timeout: definition.timeoutSeconds,
      Environment: { Variables: lambdaEnvironment(prefix, definition, input.reach) },
    } as const;
    requests.push({
      kind: 'function',
      functionName,
      create: new CreateFunctionCommand({ ...configuration, Architectures: [input.architecture], Code: { ZipFile: input.zips[name] } }),
      updateConfiguration: new UpdateFunctionConfigurationCommand(configuration),
      updateCode: new UpdateFunctionCodeCommand({ FunctionName: functionName, ZipFile: input.zips[name], Architectures: [input.architecture] }),
    });
    requests.push({
      kind: 'concurrency',
      put: new PutFunctionConcurrencyCommand({ FunctionName: functionName, ReservedConcurrentExecutions: definition.reservedConcurrency }),
    });

    const { trigger } = definition;
    if (isQueueTrigger(trigger)) {
      requests.push({
        kind: 'event-source-mapping',
        create: new CreateEventSourceMappingCommand({
          FunctionName: functionName,
          EventSourceArn: input.queues[trigger.queue].arn,
          BatchSize: trigger.batchSize,
          MaximumBatchingWindowInSeconds: trigger.maximumBatchingWindowSeconds,
          FunctionResponseTypes: ['ReportBatchItemFailures'],
          Enabled: true,
        }),
      });
    } else if (isScheduleTrigger(trigger)) {
      const ruleName = physicalName(prefix, `${name}-schedule`);
      requests.push({
        kind: 'schedule',
        putRule: new PutRuleCommand({ Name: ruleName, ScheduleExpression: trigger.scheduleExpression, State: 'ENABLED', Description: definition.description }),
        permission: new AddPermissionCommand({
          FunctionName: functionName,
          StatementId: `${ruleName}-invoke`,
          Action: 'lambda:InvokeFunction',
          Principal: 'events.amazonaws.com',
          SourceArn: `arn:aws:events:${region}:${accountId}:rule/${ruleName}`,
        }),
        putTargets: new PutTargetsCommand({
          Rule: ruleName,
          Targets: [{ Id: 'function', Arn: `arn:aws:lambda:${region}:${accountId}:function:${functionName}` }],
        }),
      });
    }
  }
  return requests;
}

// AWS_REGION is reserved (the runtime sets it); the rest is what the Lambda entries' config modules read.
function lambdaEnvironment(prefix: string, definition: LambdaFunctionDefinition, reach: LambdaReach): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: reach.logLevel,
    RESOURCE_PREFIX: prefix,
    AWS_ENDPOINT_URL: reach.awsEndpointUrl,
    ...(definition.access.database ? { DATABASE_URL: reach.databaseUrl } : {}),
    ...(definition.access.sendsEmail ? { EMAIL_FROM_ADDRESS: reach.emailFromAddress } : {}),
    ...(definition.access.signsUnsubscribeLinks
      ? { UNSUBSCRIBE_SIGNING_SECRET: reach.unsubscribe.signingSecret, UNSUBSCRIBE_BASE_URL: reach.unsubscribe.baseUrl }
      : {}),
  };
}
