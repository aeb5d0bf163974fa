import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';

export interface AwsEndpoints {
  sns: string;
  sqs: string;
  s3: string;
  dynamodb: string;
  ses: string;
  cognito: string;
}

export interface AwsClients {
  /** Where each service is reached when it is not real AWS (emulators, LocalStack). */
  endpoints: Partial<AwsEndpoints>;
  sns: SNSClient;
  sqs: SQSClient;
  s3: S3Client;
  dynamodb: DynamoDBClient;
  ses: SESv2Client;
  cognito: CognitoIdentityProviderClient;
}

// The SDK's own service-specific variable names, so one environment configures SDK and us alike.
const endpointVariables: Record<keyof AwsEndpoints, string> = {
  sns: 'AWS_ENDPOINT_URL_SNS',
  sqs: 'AWS_ENDPOINT_URL_SQS',
  s3: 'AWS_ENDPOINT_URL_S3',
  dynamodb: 'AWS_ENDPOINT_URL_DYNAMODB',
  ses: 'AWS_ENDPOINT_URL_SESV2',
  cognito: 'AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER',
};

const LOCAL_REGION = 'us-east-1';
const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * Clients for every service the topology uses. Endpoints come from the argument, else from
 * AWS_ENDPOINT_URL_<SERVICE>, else from AWS_ENDPOINT_URL (LocalStack); services without one talk to
 * real AWS with the default credential chain.
 */
export function awsClients(endpoints?: Partial<AwsEndpoints>, env: NodeJS.ProcessEnv = process.env): AwsClients {
  const resolved: Partial<AwsEndpoints> = {};
  for (const service of Object.keys(endpointVariables) as (keyof AwsEndpoints)[]) {
    const endpoint = endpoints?.[service] ?? env[endpointVariables[service]] ?? env.AWS_ENDPOINT_URL;
    if (endpoint) resolved[service] = endpoint;
  }
  const config = (endpoint: string | undefined) => (endpoint ? { endpoint, region: LOCAL_REGION, credentials: localCredentials } : {});

  return {
    endpoints: resolved,
    sns: new SNSClient(config(resolved.sns)),
    sqs: new SQSClient(config(resolved.sqs)),
    s3: new S3Client({ ...config(resolved.s3), forcePathStyle: resolved.s3 !== undefined }),
    dynamodb: new DynamoDBClient(config(resolved.dynamodb)),
    ses: new SESv2Client(config(resolved.ses)),
    cognito: new CognitoIdentityProviderClient(config(resolved.cognito)),
  };
}

export function destroyClients(clients: AwsClients): void {
  for (const client of [clients.sns, clients.sqs, clients.s3, clients.dynamodb, clients.ses, clients.cognito]) client.destroy();
}
