import { join } from 'node:path';
import { startCognito, startLocalStack, type AwsEndpoints } from '@loyalty/local-stack';
import { COGNITO_SENDER_FUNCTION } from '@loyalty/topology';
import { HOST, PORTS, type PortName } from './ports.js';

export interface AwsSetup {
  /** 'emulators': the embedded ones; 'localstack': everything at AWS_ENDPOINT_URL except, maybe, Cognito. */
  kind: 'emulators' | 'localstack';
  /** Endpoints to hand to awsClients(); services missing here fall back to AWS_ENDPOINT_URL. */
  endpoints: Partial<AwsEndpoints>;
  /** The AWS_ENDPOINT_URL* variables the services get. */
  env: Record<string, string>;
  /** For the notifier: where to serve cognito-local's CustomEmailSender trigger and the KMS key the codes come under. Unset with LocalStack. */
  cognitoTrigger?: { port: number; keyArn: string; kmsEndpoint: string };
  /** Where the Cognito user pools live (the printed curls need it). */
  cognitoEndpoint: string;
  sesInboxUrl: string;
  /** Lines for the banner: what runs where. */
  describe: [string, string][];
  stop(): Promise<void>;
}

/** The ports awsSetup() will listen on, so they can be checked before anything starts. */
export function awsPorts(env: NodeJS.ProcessEnv = process.env): PortName[] {
  if (!env.AWS_ENDPOINT_URL) return ['fauxqs', 'dynalite', 'ses', 'cognito', 'cognitoTrigger'];
  return env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER ? [] : ['cognito'];
}

/**
 * The embedded emulators, unless AWS_ENDPOINT_URL points at LocalStack. Cognito is LocalStack Pro
 * only, so with LocalStack it still runs on cognito-local unless
 * AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER says where else.
 */
export async function startAws(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<AwsSetup> {
  const localstack = env.AWS_ENDPOINT_URL;
  if (!localstack) return startEmulators(dataDir);

  const cognitoOverride = env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER;
  const cognito = cognitoOverride ? undefined : await startCognito(PORTS.cognito, join(dataDir, 'cognito'));
  const cognitoEndpoint = cognitoOverride ?? cognito!.endpoint;
  return {
    kind: 'localstack',
    endpoints: { cognito: cognitoEndpoint },
    env: { AWS_ENDPOINT_URL: localstack, AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognitoEndpoint },
    cognitoEndpoint,
    sesInboxUrl: `${localstack.replace(/\/+$/, '')}/_aws/ses`,
    describe: [
      ['LocalStack', `${localstack}  (SNS, SQS, S3, DynamoDB, SES)`],
      ['Cognito', `${cognitoEndpoint}  (${cognitoOverride ? 'AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER' : 'cognito-local'})`],
    ],
    stop: async () => cognito?.stop(),
  };
}

async function startEmulators(dataDir: string): Promise<AwsSetup> {
  const stack = await startLocalStack({
    dataDir,
    ports: { fauxqs: PORTS.fauxqs, dynalite: PORTS.dynalite, ses: PORTS.ses, cognito: PORTS.cognito },
    customEmailSender: { lambdaEndpoint: `http://${HOST}:${PORTS.cognitoTrigger}`, customEmailSender: COGNITO_SENDER_FUNCTION },
  });
  const { endpoints } = stack;
  return {
    kind: 'emulators',
    endpoints,
    env: {
      AWS_ENDPOINT_URL_SNS: endpoints.sns,
      AWS_ENDPOINT_URL_SQS: endpoints.sqs,
      AWS_ENDPOINT_URL_S3: endpoints.s3,
      AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
      AWS_ENDPOINT_URL_SESV2: endpoints.ses,
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: endpoints.cognito,
    },
    cognitoTrigger: { port: PORTS.cognitoTrigger, keyArn: stack.kms.keyArn, kmsEndpoint: stack.kms.endpoint },
    cognitoEndpoint: endpoints.cognito,
    sesInboxUrl: `${endpoints.ses}/`,
    describe: [
      ['SNS/SQS/S3', `${endpoints.sns}  (fauxqs)`],
      ['DynamoDB', `${endpoints.dynamodb}  (dynalite)`],
      ['SES', `${endpoints.ses}  (aws-ses-v2-local)`],
      ['Cognito', `${endpoints.cognito}  (cognito-local; its codes go to the notifier, then SES)`],
      ['KMS', `${stack.kms.endpoint}  (local, encrypts Cognito's codes)`],
    ],
    stop: () => stack.stop(),
  };
}
