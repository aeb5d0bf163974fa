export { topicArn, type AccountScope } from './arns.js';
export { awsClients, cognitoClient, destroyClients, dynamoDbClient, s3Client, type AwsClients } from './aws-clients.js';
export { awsClientConfig, awsEndpoint, type AwsClientConfig, type AwsEndpoints, type AwsService } from './aws-client-config.js';
export { createDemoUsers, ensureUser, signIn, DEMO_PASSWORD, type DemoUser, type DemoUsers } from './create-demo-users.js';
export { provisionTopology, type ProvisionOptions } from './provision-topology.js';
export type { ProvisionedQueue, ProvisionedTopology, ProvisionedUserPool } from './provisioned-topology.js';
export { queueUrl } from './lookups.js';
export { resolveTopology } from './resolve-topology.js';
export {
  deadLetterQueueName,
  physicalName,
  topology,
  type PasswordPolicy,
  type BucketName,
  type QueueName,
  type QueueSettings,
  type SubscriptionDefinition,
  type TableDefinition,
  type TableName,
  type TopicName,
  type UserPoolDefinition,
  type UserPoolName,
} from './topology.js';
export {
  COGNITO_SENDER_FUNCTION,
  isQueueTrigger,
  queueConcurrency,
  isScheduleTrigger,
  lambdaFunctions,
  type CognitoTrigger,
  type FunctionAccess,
  type FunctionTrigger,
  type LambdaFunctionDefinition,
  type LambdaFunctionName,
  type QueueTrigger,
  type ScheduleTrigger,
} from './functions.js';
export { presignGetObject, type PresignedUrl } from './presign-get-object.js';
