import { topology, type TableName } from '@loyalty/topology';
import type { EmailSending } from '../../src/lambda-functions.js';
import type { DatabaseOutputs, NetworkOutputs } from '../../src/stack-seams.js';

/** Literal values of what tf-core's parts produce, so each consuming part is tested alone. */
export const network: NetworkOutputs = {
  vpcId: 'vpc-0a1b2c3d',
  publicSubnetIds: ['subnet-public-a', 'subnet-public-b'],
  privateSubnetIds: ['subnet-private-a', 'subnet-private-b'],
  lambdaSecurityGroupId: 'sg-lambda',
};

export const database: DatabaseOutputs = {
  instanceIdentifier: 'test-postgres',
  databaseUrlSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:test-database-url-AbCdEf',
};

export const queueArns = {
  transactions: 'arn:aws:sqs:eu-west-1:123456789012:test-transactions',
  email: 'arn:aws:sqs:eu-west-1:123456789012:test-email',
  analytics: 'arn:aws:sqs:eu-west-1:123456789012:test-analytics',
  exports: 'arn:aws:sqs:eu-west-1:123456789012:test-exports',
  audit: 'arn:aws:sqs:eu-west-1:123456789012:test-audit',
  history: 'arn:aws:sqs:eu-west-1:123456789012:test-history',
};

export const emailSending: EmailSending = {
  identityArn: 'arn:aws:ses:eu-west-1:123456789012:identity/loyalty.example.com',
  configurationSetArn: 'arn:aws:ses:eu-west-1:123456789012:configuration-set/test-email',
  fromAddress: 'rewards@loyalty.example.com',
};

export const cognitoCodeKeyArn = 'arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';

export const name = (logicalName: string) => `test-${logicalName}`;

export const exportsBucket = { name: 'test-exports', arn: 'arn:aws:s3:::test-exports' };
export const tableArns = Object.fromEntries(
  Object.keys(topology.tables).map((table) => [table, `arn:aws:dynamodb:eu-west-1:123456789012:table/test-${table}`]),
) as Record<TableName, string>;
export const unsubscribe = {
  signingSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:loyalty-test-unsubscribe-AbCdEf',
  baseUrl: 'https://api.loyalty.example.org',
};
