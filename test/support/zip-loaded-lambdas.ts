import type { SQSBatchResponse } from 'aws-lambda';
import { startQueueRunner, type QueueRunner } from '@loyalty/consumers';
import type { Logger } from '@loyalty/platform';
import { isQueueTrigger, type AwsClients, type LambdaFunctionName, type ProvisionedTopology } from '@loyalty/topology';
import { startLambdaEnvironment, type LambdaEnvironment } from '../../scripts/build/lambda-environment.js';
import { prepareLambdaRuntime } from '../../scripts/build/lambda-runtime.js';
import type { LambdaArtifact } from '../../scripts/build/lambdas.js';

export interface ZipLoadedLambdas {
  /** Invokes a function's environment directly, as its schedule would. */
  invoke(name: LambdaFunctionName, event: unknown): Promise<unknown>;
  /** How many times each function's handler has been called. */
  invocations(): Record<LambdaFunctionName, number>;
  stop(): Promise<void>;
}

// What the function's configuration would set; nothing else of the test process reaches the environment.
const FUNCTION_VARIABLES = /^(NODE_ENV|LOG_LEVEL|DATABASE_URL|RESOURCE_PREFIX|AWS_REGION|AWS_ENDPOINT_URL.*|EMAIL_FROM_ADDRESS|UNSUBSCRIBE_.*|CAMPAIGN_.*)$/;

/**
 * Every built function in its own emulated Lambda environment (its zip unzipped, `index.mjs` imported
 * by a bare Node), each queue function behind the same local runner that feeds the TypeScript
 * handlers: the runner's batch goes to `handler(event, context)` in the environment, and its
 * batchItemFailures come back to decide what the runner deletes.
 */
export async function startZipLoadedLambdas(
  root: string,
  artifacts: readonly LambdaArtifact[],
  env: NodeJS.ProcessEnv,
  aws: { clients: AwsClients; topology: ProvisionedTopology },
  logger: Logger,
): Promise<ZipLoadedLambdas> {
  const runtime = await prepareLambdaRuntime(root, [...new Set(artifacts.flatMap((artifact) => artifact.runtimeImports))]);
  const environment: Record<string, string> = { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' };
  for (const [name, value] of Object.entries(env)) if (FUNCTION_VARIABLES.test(name) && value !== undefined) environment[name] = value;

  const lambdas = new Map<LambdaFunctionName, LambdaEnvironment>();
  const counts = Object.fromEntries(artifacts.map((artifact) => [artifact.name, 0])) as Record<LambdaFunctionName, number>;
  const runners: QueueRunner[] = [];
  const stop = async () => {
    await Promise.all(runners.map((runner) => runner.stop()));
    await Promise.all([...lambdas.values()].map((lambda) => lambda.stop()));
    await runtime.remove();
  };
  const invoke = async (name: LambdaFunctionName, event: unknown) => {
    const lambda = lambdas.get(name);
    if (!lambda) throw new Error(`no zip-loaded function ${name}`);
    counts[name] += 1;
    return (await lambda.invoke(event)).result;
  };

  try {
    for (const { name, definition, zipPath } of artifacts) {
      const { memoryMb, timeoutSeconds } = definition;
      lambdas.set(name, await startLambdaEnvironment({ zipPath, functionName: name, memoryMb, timeoutSeconds, runtime, environment }));
      if (!isQueueTrigger(definition.trigger)) continue;
      const { queue, batchSize } = definition.trigger;
      runners.push(
        await startQueueRunner({
          queueUrl: aws.topology.queues[queue].url,
          sqsClient: aws.clients.sqs,
          handler: async (event) => (await invoke(name, event)) as SQSBatchResponse,
          logger,
          batchSize,
          waitTimeSeconds: 1,
        }),
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { invoke, invocations: () => ({ ...counts }), stop };
}
