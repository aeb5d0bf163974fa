import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateEventSourceMappingCommand, CreateFunctionCommand, UpdateFunctionCodeCommand } from '@aws-sdk/client-lambda';
import { isQueueTrigger, isScheduleTrigger, lambdaFunctions, physicalName, topology, type LambdaFunctionName, type QueueName } from '@loyalty/topology';
import { loadLocalStackDeployConfig } from '../../scripts/localstack/config.js';
import { planLocalStackDeploy, type DeployRequest, type LocalStackDeployInput } from '../../scripts/localstack/plan.js';

const names = Object.keys(lambdaFunctions) as LambdaFunctionName[];
// Distinct bytes per function, so a zip handed to the wrong function shows.
const zips = Object.fromEntries(names.map((name, index) => [name, new Uint8Array([0x50, 0x4b, 3, 4, index])])) as Record<LambdaFunctionName, Uint8Array>;
const queues = Object.fromEntries(
  (Object.keys(topology.queues) as QueueName[]).map((queue) => [queue, { arn: `arn:aws:sqs:us-east-1:000000000000:local-${queue}` }]),
) as Record<QueueName, { arn: string }>;
const reach = {
  databaseUrl: 'postgres://postgres:postgres@postgres:5432/loyalty',
  awsEndpointUrl: 'http://localstack:4566',
  emailFromAddress: 'rewards@loyalty.example',
  logLevel: 'info',
  unsubscribe: { signingSecret: 'localstack-unsubscribe-secret-of-32-characters', baseUrl: 'http://host.docker.internal:3001' },
};
const input: LocalStackDeployInput = {
  prefix: 'local',
  accountId: '000000000000',
  region: 'us-east-1',
  queues,
  functions: lambdaFunctions,
  zips,
  architecture: 'x86_64',
  reach,
};
const plan = planLocalStackDeploy(input);
const ofKind = <K extends DeployRequest['kind']>(kind: K) => plan.filter((request): request is Extract<DeployRequest, { kind: K }> => request.kind === kind);

describe('the LocalStack deploy plan', () => {
  const functions = ofKind('function');

  it('creates every declared function, and only those, from its own zip', () => {
    expect(functions.map((request) => request.functionName).sort()).toEqual(names.map((name) => physicalName('local', name)).sort());
    for (const name of names) {
      const request = functions.find((candidate) => candidate.functionName === physicalName('local', name));
      expect(request?.create).toBeInstanceOf(CreateFunctionCommand);
      expect(request?.create.input.Code?.ZipFile).toBe(zips[name]);
      expect(request?.updateCode).toBeInstanceOf(UpdateFunctionCodeCommand);
      expect(request?.updateCode.input.ZipFile).toBe(zips[name]);
    }
  });

  it.each(names)('gives %s the runtime, handler, memory, timeout and reserved concurrency it declares', (name) => {
    const definition = lambdaFunctions[name];
    const request = functions.find((candidate) => candidate.functionName === physicalName('local', name));
    const expected = { Runtime: 'nodejs24.x', Handler: 'index.handler', MemorySize: definition.memoryMb, Timeout: definition.timeoutSeconds };
    expect(request?.create.input).toMatchObject({ ...expected, Architectures: ['x86_64'], Role: 'arn:aws:iam::000000000000:role/local-lambda' });
    expect(request?.updateConfiguration.input).toMatchObject(expected);
    const concurrency = ofKind('concurrency').find((candidate) => candidate.put.input.FunctionName === physicalName('local', name));
    expect(concurrency?.put.input.ReservedConcurrentExecutions).toBe(definition.reservedConcurrency);
  });

  it('hands each function the database and LocalStack as the Lambda containers reach them, and the sender to the one that sends email', () => {
    for (const name of names) {
      const { access } = lambdaFunctions[name];
      const variables = functions.find((candidate) => candidate.functionName === physicalName('local', name))?.create.input.Environment?.Variables;
      expect(variables).toMatchObject({ NODE_ENV: 'production', RESOURCE_PREFIX: 'local', AWS_ENDPOINT_URL: 'http://localstack:4566', LOG_LEVEL: 'info' });
      expect(variables?.DATABASE_URL).toBe(access.database ? reach.databaseUrl : undefined);
      expect(variables?.EMAIL_FROM_ADDRESS).toBe(access.sendsEmail ? reach.emailFromAddress : undefined);
      expect(variables?.UNSUBSCRIBE_SIGNING_SECRET).toBe(access.signsUnsubscribeLinks ? reach.unsubscribe.signingSecret : undefined);
      expect(variables?.UNSUBSCRIBE_BASE_URL).toBe(access.signsUnsubscribeLinks ? reach.unsubscribe.baseUrl : undefined);
      // Lambda reserves AWS_REGION: CreateFunction fails on it.
      expect(variables).not.toHaveProperty('AWS_REGION');
    }
    expect(ofKind('email-identity').map((request) => request.create.input.EmailIdentity)).toEqual([reach.emailFromAddress]);
  });

  it('maps every queue trigger to its function with partial batch responses, its batch size and batching window', () => {
    const mappings = ofKind('event-source-mapping');
    const queueFunctions = names.filter((name) => isQueueTrigger(lambdaFunctions[name].trigger));
    expect(mappings).toHaveLength(queueFunctions.length);
    for (const name of queueFunctions) {
      const trigger = lambdaFunctions[name].trigger;
      if (!isQueueTrigger(trigger)) throw new Error('unreachable');
      const mapping = mappings.find((candidate) => candidate.create.input.FunctionName === physicalName('local', name));
      expect(mapping?.create).toBeInstanceOf(CreateEventSourceMappingCommand);
      expect(mapping?.create.input).toEqual({
        FunctionName: physicalName('local', name),
        EventSourceArn: queues[trigger.queue].arn,
        BatchSize: trigger.batchSize,
        MaximumBatchingWindowInSeconds: trigger.maximumBatchingWindowSeconds,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        Enabled: true,
      });
    }
  });

  it('runs the expiry job on its schedule through an EventBridge rule that may invoke exactly that function', () => {
    const scheduled = names.filter((name) => isScheduleTrigger(lambdaFunctions[name].trigger));
    expect(scheduled).toEqual(['points-expiry', 'analytics-insights', 'campaign-sender']);
    const scheduleNamed = (name: string) => ofKind('schedule').find((request) => request.putRule.input.Name === name);
    const schedule = scheduleNamed('local-points-expiry-schedule');
    const campaigns = scheduleNamed('local-campaign-sender-schedule');
    expect(campaigns?.putRule.input).toMatchObject({ Name: 'local-campaign-sender-schedule', ScheduleExpression: 'rate(1 minute)', State: 'ENABLED' });
    expect(campaigns?.putTargets.input.Targets).toEqual([{ Id: 'function', Arn: 'arn:aws:lambda:us-east-1:000000000000:function:local-campaign-sender' }]);
    expect(schedule?.putRule).toBeInstanceOf(PutRuleCommand);
    expect(schedule?.putRule.input).toMatchObject({ Name: 'local-points-expiry-schedule', ScheduleExpression: 'rate(15 minutes)', State: 'ENABLED' });
    expect(schedule?.permission.input).toMatchObject({
      FunctionName: 'local-points-expiry',
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      SourceArn: 'arn:aws:events:us-east-1:000000000000:rule/local-points-expiry-schedule',
    });
    expect(schedule?.putTargets).toBeInstanceOf(PutTargetsCommand);
    expect(schedule?.putTargets.input.Targets).toEqual([{ Id: 'function', Arn: 'arn:aws:lambda:us-east-1:000000000000:function:local-points-expiry' }]);
    const insights = ofKind('schedule').find((request) => request.putRule.input.Name === 'local-analytics-insights-schedule');
    expect(insights?.putRule.input).toMatchObject({ ScheduleExpression: 'rate(1 hour)', State: 'ENABLED' });
    expect(insights?.putTargets.input.Targets).toEqual([{ Id: 'function', Arn: 'arn:aws:lambda:us-east-1:000000000000:function:local-analytics-insights' }]);
  });

  it('creates the role first, and each function before its concurrency and trigger', () => {
    expect(plan[0]?.kind).toBe('role');
    for (const request of [...ofKind('concurrency'), ...ofKind('event-source-mapping')]) {
      const target = 'put' in request ? request.put.input.FunctionName : request.create.input.FunctionName;
      const created = plan.findIndex((candidate) => candidate.kind === 'function' && candidate.functionName === target);
      expect(created).toBeGreaterThanOrEqual(0);
      expect(created).toBeLessThan(plan.indexOf(request));
    }
  });

  it('names everything with the environment prefix', () => {
    const other = planLocalStackDeploy({ ...input, prefix: 'demo' });
    const functionNames = other.flatMap((request) => (request.kind === 'function' ? [request.functionName] : []));
    expect(functionNames.every((name) => name.startsWith('demo-'))).toBe(true);
  });
});

describe('the LocalStack deploy configuration', () => {
  it('defaults to the compose network for what the Lambdas reach, and LocalStack on loopback for the deploy itself', () => {
    expect(loadLocalStackDeployConfig({})).toMatchObject({
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
      LOCALSTACK_LAMBDA_DATABASE_URL: 'postgres://postgres:postgres@postgres:5432/loyalty',
      LOCALSTACK_LAMBDA_AWS_ENDPOINT_URL: 'http://localstack:4566',
      RESOURCE_PREFIX: 'local',
      LOYALTY_LAMBDA_DIR: 'dist/lambda',
    });
  });

  it('takes host.docker.internal (or any reachable Postgres) and refuses what is no postgres URL', () => {
    const config = loadLocalStackDeployConfig({ LOCALSTACK_LAMBDA_DATABASE_URL: 'postgres://postgres@host.docker.internal:5432/loyalty' });
    expect(config.LOCALSTACK_LAMBDA_DATABASE_URL).toBe('postgres://postgres@host.docker.internal:5432/loyalty');
    expect(() => loadLocalStackDeployConfig({ LOCALSTACK_LAMBDA_DATABASE_URL: 'mysql://db/loyalty' })).toThrow(/LOCALSTACK_LAMBDA_DATABASE_URL/);
    expect(() => loadLocalStackDeployConfig({ LOCALSTACK_LAMBDA_ARCHITECTURE: 'ppc' })).toThrow(/LOCALSTACK_LAMBDA_ARCHITECTURE/);
  });
});
