import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { IAMClient } from '@aws-sdk/client-iam';
import {
  type LambdaClient,
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
  type CreateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { DeployRequest } from './plan.js';

export interface DeployClients {
  iam: IAMClient;
  lambda: LambdaClient;
  events: EventBridgeClient;
  ses: SESv2Client;
}

const WAIT = { maxWaitTime: 120, minDelay: 1, maxDelay: 5 };

/**
 * Sends the plan's requests in order, creating what is missing and updating what exists, so a
 * second run converges instead of failing. Returns one line per request saying what happened.
 */
export async function executeLocalStackDeploy(clients: DeployClients, requests: DeployRequest[]): Promise<string[]> {
  const done: string[] = [];
  for (const request of requests) done.push(await execute(clients, request));
  return done;
}

async function execute(clients: DeployClients, request: DeployRequest): Promise<string> {
  switch (request.kind) {
    case 'role': {
      const created = await createUnlessExists(() => clients.iam.send(request.create), 'EntityAlreadyExistsException');
      return `role ${request.create.input.RoleName}: ${created ? 'created' : 'exists'}`;
    }
    case 'email-identity': {
      const created = await createUnlessExists(() => clients.ses.send(request.create), 'AlreadyExistsException');
      return `email identity ${request.create.input.EmailIdentity}: ${created ? 'created' : 'exists'}`;
    }
    case 'function': {
      const FunctionName = request.functionName;
      const created = await createUnlessExists(() => clients.lambda.send(request.create), 'ResourceConflictException');
      if (created) {
        await waitUntilFunctionActiveV2({ client: clients.lambda, ...WAIT }, { FunctionName });
        return `function ${FunctionName}: created`;
      }
      // Lambda refuses a second update while one is in progress.
      await waitUntilFunctionUpdatedV2({ client: clients.lambda, ...WAIT }, { FunctionName });
      await clients.lambda.send(request.updateConfiguration);
      await waitUntilFunctionUpdatedV2({ client: clients.lambda, ...WAIT }, { FunctionName });
      await clients.lambda.send(request.updateCode);
      await waitUntilFunctionUpdatedV2({ client: clients.lambda, ...WAIT }, { FunctionName });
      return `function ${FunctionName}: updated`;
    }
    case 'concurrency':
      await clients.lambda.send(request.put);
      return `function ${request.put.input.FunctionName}: reserved concurrency ${request.put.input.ReservedConcurrentExecutions}`;
    case 'event-source-mapping':
      return ensureEventSourceMapping(clients.lambda, request.create);
    case 'schedule': {
      await clients.events.send(request.putRule);
      const permitted = await createUnlessExists(() => clients.lambda.send(request.permission), 'ResourceConflictException');
      await clients.events.send(request.putTargets);
      return `rule ${request.putRule.input.Name} (${request.putRule.input.ScheduleExpression}) -> ${request.permission.input.FunctionName}${permitted ? '' : ', permission exists'}`;
    }
  }
}

async function ensureEventSourceMapping(lambda: LambdaClient, create: CreateEventSourceMappingCommand): Promise<string> {
  const { FunctionName, EventSourceArn, BatchSize, MaximumBatchingWindowInSeconds, FunctionResponseTypes, Enabled } = create.input;
  const label = `mapping ${EventSourceArn} -> ${FunctionName}`;
  const { EventSourceMappings = [] } = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName, EventSourceArn }));
  const existing = EventSourceMappings[0]?.UUID;
  if (!existing) {
    await lambda.send(create);
    return `${label}: created`;
  }
  await lambda.send(
    new UpdateEventSourceMappingCommand({ UUID: existing, FunctionName, BatchSize, MaximumBatchingWindowInSeconds, FunctionResponseTypes, Enabled }),
  );
  return `${label}: updated`;
}

/** True when the create went through; false when the service says the thing exists already. */
async function createUnlessExists(create: () => Promise<unknown>, existsError: string): Promise<boolean> {
  try {
    await create();
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === existsError) return false;
    throw error;
  }
}
