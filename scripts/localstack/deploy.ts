import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { AppError } from '@loyalty/platform';
import { awsClients, destroyClients, lambdaFunctions, provisionTopology, type LambdaFunctionName } from '@loyalty/topology';
import { loadLocalStackDeployConfig, type LocalStackDeployConfig } from './config.js';
import { executeLocalStackDeploy } from './execute.js';
import { planLocalStackDeploy } from './plan.js';

/**
 * `npm run localstack:deploy`: the topology, then the Lambda functions from dist/lambda with their
 * triggers, in a running LocalStack (docs/local-loop.md). Run `npm run build` first.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const config = loadLocalStackDeployConfig();
const zips = await readZips(config);

const topologyClients = awsClients({ cognito: config.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER }, { AWS_ENDPOINT_URL: config.AWS_ENDPOINT_URL });
const clientConfig = { endpoint: config.AWS_ENDPOINT_URL, region: config.AWS_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
const deployClients = {
  iam: new IAMClient(clientConfig),
  lambda: new LambdaClient(clientConfig),
  events: new EventBridgeClient(clientConfig),
  ses: topologyClients.ses,
};
try {
  const provisioned = await provisionTopology(topologyClients, { prefix: config.RESOURCE_PREFIX });
  const requests = planLocalStackDeploy({
    prefix: config.RESOURCE_PREFIX,
    accountId: config.AWS_ACCOUNT_ID,
    region: config.AWS_REGION,
    queues: provisioned.queues,
    functions: lambdaFunctions,
    zips,
    architecture: config.LOCALSTACK_LAMBDA_ARCHITECTURE,
    reach: {
      databaseUrl: config.LOCALSTACK_LAMBDA_DATABASE_URL,
      awsEndpointUrl: config.LOCALSTACK_LAMBDA_AWS_ENDPOINT_URL,
      emailFromAddress: config.EMAIL_FROM_ADDRESS,
      logLevel: config.LOG_LEVEL,
      unsubscribe: { signingSecret: config.UNSUBSCRIBE_SIGNING_SECRET, baseUrl: config.LOCALSTACK_LAMBDA_UNSUBSCRIBE_BASE_URL },
    },
  });
  for (const line of await executeLocalStackDeploy(deployClients, requests)) process.stdout.write(`${line}\n`);
} finally {
  destroyClients(topologyClients);
  deployClients.iam.destroy();
  deployClients.lambda.destroy();
  deployClients.events.destroy();
}

async function readZips(settings: LocalStackDeployConfig): Promise<Record<LambdaFunctionName, Uint8Array>> {
  const dir = resolve(root, settings.LOYALTY_LAMBDA_DIR);
  const entries = await Promise.all(
    (Object.keys(lambdaFunctions) as LambdaFunctionName[]).map(async (name) => {
      const path = resolve(dir, `${name}.zip`);
      try {
        return [name, new Uint8Array(await readFile(path))] as const;
      } catch (error) {
        throw new AppError({ code: 'LAMBDA_ZIP_MISSING', status: 404, detail: `${path} is missing: run \`npm run build\` first`, cause: error });
      }
    }),
  );
  return Object.fromEntries(entries) as Record<LambdaFunctionName, Uint8Array>;
}
