export interface AwsEndpoints {
  sns: string;
  sqs: string;
  s3: string;
  dynamodb: string;
  ses: string;
  cognito: string;
}

export type AwsService = keyof AwsEndpoints;

/** What an SDK client takes: nothing on AWS (region and credentials from the environment), an endpoint and dummy credentials locally. */
export interface AwsClientConfig {
  endpoint?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

// The SDK's own service-specific variable names, so one environment configures SDK and us alike.
const endpointVariables: Record<AwsService, string> = {
  sns: 'AWS_ENDPOINT_URL_SNS',
  sqs: 'AWS_ENDPOINT_URL_SQS',
  s3: 'AWS_ENDPOINT_URL_S3',
  dynamodb: 'AWS_ENDPOINT_URL_DYNAMODB',
  ses: 'AWS_ENDPOINT_URL_SESV2',
  cognito: 'AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER',
};

export const awsServices = Object.keys(endpointVariables) as AwsService[];

const LOCAL_REGION = 'us-east-1';
const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** The endpoint from the argument, else AWS_ENDPOINT_URL_<SERVICE>, else AWS_ENDPOINT_URL (LocalStack); none means real AWS. */
export function awsEndpoint(service: AwsService, endpoints?: Partial<AwsEndpoints>, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return endpoints?.[service] ?? env[endpointVariables[service]] ?? env.AWS_ENDPOINT_URL;
}

/**
 * One client's settings, with no SDK package imported: a Lambda that sends email builds only its SES
 * client from this, and so loads only that client's package at cold start.
 */
export function awsClientConfig(endpoint: string | undefined): AwsClientConfig {
  return endpoint ? { endpoint, region: LOCAL_REGION, credentials: localCredentials } : {};
}
