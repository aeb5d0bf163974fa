import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { awsClientConfig, awsEndpoint, awsServices, type AwsEndpoints } from './aws-client-config.js';

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

/**
 * Clients for every service the topology uses. Endpoints come from the argument, else from
 * AWS_ENDPOINT_URL_<SERVICE>, else from AWS_ENDPOINT_URL (LocalStack); services without one talk to
 * real AWS with the default credential chain.
 */
export function awsClients(endpoints?: Partial<AwsEndpoints>, env: NodeJS.ProcessEnv = process.env): AwsClients {
  const resolved: Partial<AwsEndpoints> = {};
  for (const service of awsServices) {
    const endpoint = awsEndpoint(service, endpoints, env);
    if (endpoint) resolved[service] = endpoint;
  }
  return {
    endpoints: resolved,
    sns: new SNSClient(awsClientConfig(resolved.sns)),
    sqs: new SQSClient(awsClientConfig(resolved.sqs)),
    s3: s3Client(resolved.s3),
    dynamodb: dynamoDbClient(resolved.dynamodb),
    ses: new SESv2Client(awsClientConfig(resolved.ses)),
    cognito: cognitoClient(resolved.cognito),
  };
}

/**
 * The clients an API process calls, one at a time, so a bundle that uses only these (the APIs: their
 * events leave through the outbox relay) carries no other SDK client's package.
 */
export function s3Client(endpoint: string | undefined): S3Client {
  // An emulator's buckets have no DNS names of their own.
  return new S3Client({ ...awsClientConfig(endpoint), forcePathStyle: endpoint !== undefined });
}

export function dynamoDbClient(endpoint: string | undefined): DynamoDBClient {
  return new DynamoDBClient(awsClientConfig(endpoint));
}

export function cognitoClient(endpoint: string | undefined): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient(awsClientConfig(endpoint));
}

export function destroyClients(clients: AwsClients): void {
  for (const client of [clients.sns, clients.sqs, clients.s3, clients.dynamodb, clients.ses, clients.cognito]) client.destroy();
}
