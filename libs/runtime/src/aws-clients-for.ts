import type { BaseConfig } from '@loyalty/platform';
import {
  awsClientConfig,
  awsClients,
  awsEndpoint,
  cognitoClient,
  dynamoDbClient,
  s3Client,
  type AwsClientConfig,
  type AwsClients,
  type AwsService,
} from '@loyalty/topology';
import { surfaceEmulatorGaps } from './emulator-gaps.js';

/** Clients for the endpoints in this process's validated config (not whatever process.env holds). */
export function awsClientsFor(config: BaseConfig): AwsClients {
  const clients = awsClients(undefined, endpointVariables(config));
  surfaceEmulatorGaps(clients.cognito);
  return clients;
}

/** What an API calls: Cognito, S3 (presigned links) and DynamoDB. SNS, SQS and SES are the relay's and the consumers'. */
export type ApiAwsClients = Pick<AwsClients, 'cognito' | 's3' | 'dynamodb'>;

export function apiAwsClientsFor(config: BaseConfig): ApiAwsClients {
  const endpoint = (service: AwsService) => awsEndpoint(service, undefined, endpointVariables(config));
  const clients = { cognito: cognitoClient(endpoint('cognito')), s3: s3Client(endpoint('s3')), dynamodb: dynamoDbClient(endpoint('dynamodb')) };
  surfaceEmulatorGaps(clients.cognito);
  return clients;
}

/** One client's settings from the same config, for a Lambda that builds only the client it uses. */
export function awsClientConfigFor(config: BaseConfig, service: AwsService): AwsClientConfig {
  return awsClientConfig(awsEndpoint(service, undefined, endpointVariables(config)));
}

function endpointVariables(config: BaseConfig): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(config).filter(([key]) => key.startsWith('AWS_ENDPOINT_URL')));
}
