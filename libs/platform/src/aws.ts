import type { BaseConfig } from './config.js';

export type AwsService = 'SNS' | 'SQS' | 'S3' | 'DYNAMODB' | 'SESV2' | 'COGNITO_IDENTITY_PROVIDER';

export interface AwsClientConfig {
  region: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  forcePathStyle?: boolean;
}

/**
 * Client settings for one AWS service. With an endpoint (emulators, LocalStack) the emulators ignore
 * IAM, so static dummy credentials keep the SDK from searching for real ones.
 */
export function awsClientConfig(config: BaseConfig, service: AwsService): AwsClientConfig {
  const endpoint = config[`AWS_ENDPOINT_URL_${service}`] ?? config.AWS_ENDPOINT_URL;
  if (!endpoint) return { region: config.AWS_REGION };
  return {
    region: config.AWS_REGION,
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    ...(service === 'S3' ? { forcePathStyle: true } : {}),
  };
}
