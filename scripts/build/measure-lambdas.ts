import type { MeasuredLambda } from './budgets.js';
import { measureColdStart } from './cold-start.js';
import { prepareLambdaRuntime } from './lambda-runtime.js';
import type { LambdaArtifact } from './lambdas.js';

/**
 * Cold-starts every artifact `runs` times against a real, migrated database (the scheduled function's
 * first invoke queries it). The credentials are what Lambda puts in the environment from the
 * function's role; these are dummies, and nothing reaches AWS.
 */
export async function measureLambdas(root: string, artifacts: readonly LambdaArtifact[], databaseUrl: string, runs: number): Promise<MeasuredLambda[]> {
  const runtime = await prepareLambdaRuntime(root, [...new Set(artifacts.flatMap((artifact) => artifact.runtimeImports))]);
  const environment = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    DATABASE_URL: databaseUrl,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'ASIAMEASURINGCOLDSTART',
    AWS_SECRET_ACCESS_KEY: 'measuring-cold-start',
    AWS_SESSION_TOKEN: 'measuring-cold-start',
    COGNITO_CODE_KEY_ARN: 'arn:aws:kms:us-east-1:000000000000:key/00000000-0000-0000-0000-000000000000',
    UNSUBSCRIBE_SIGNING_SECRET: 'measuring-cold-start-unsubscribe-secret',
    UNSUBSCRIBE_BASE_URL: 'https://api.loyalty.example',
  };
  try {
    const measured: MeasuredLambda[] = [];
    for (const artifact of artifacts) measured.push({ artifact, coldStart: await measureColdStart(artifact, runtime, environment, runs) });
    return measured;
  } finally {
    await runtime.remove();
  }
}
