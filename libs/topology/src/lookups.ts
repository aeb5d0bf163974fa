import { ListUserPoolClientsCommand, ListUserPoolsCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { ListSubscriptionsByTopicCommand, ListTopicsCommand, type SNSClient, type Subscription } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { AwsClients } from './aws-clients.js';

export async function findTopicArn(sns: SNSClient, name: string): Promise<string | undefined> {
  let NextToken: string | undefined;
  do {
    const page = await sns.send(new ListTopicsCommand({ NextToken }));
    const match = page.Topics?.find((topic) => topic.TopicArn?.endsWith(`:${name}`));
    if (match?.TopicArn) return match.TopicArn;
    NextToken = page.NextToken;
  } while (NextToken);
  return undefined;
}

export async function findSubscription(sns: SNSClient, topicArn: string, queueArn: string): Promise<Subscription | undefined> {
  let NextToken: string | undefined;
  do {
    const page = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken }));
    const match = page.Subscriptions?.find((subscription) => subscription.Protocol === 'sqs' && subscription.Endpoint === queueArn);
    if (match) return match;
    NextToken = page.NextToken;
  } while (NextToken);
  return undefined;
}

export async function queueUrl(sqs: SQSClient, name: string): Promise<string> {
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
  return required(QueueUrl, `URL of queue ${name}`);
}

export async function queueArn(sqs: SQSClient, url: string): Promise<string> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  return required(Attributes?.QueueArn, `ARN of queue ${url}`);
}

export async function findUserPoolId(cognito: CognitoIdentityProviderClient, name: string): Promise<string | undefined> {
  let NextToken: string | undefined;
  do {
    const page = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60, NextToken }));
    const match = page.UserPools?.find((pool) => pool.Name === name);
    if (match?.Id) return match.Id;
    NextToken = page.NextToken;
  } while (NextToken);
  return undefined;
}

export async function findUserPoolClientId(cognito: CognitoIdentityProviderClient, userPoolId: string, name: string): Promise<string | undefined> {
  let NextToken: string | undefined;
  do {
    const page = await cognito.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60, NextToken }));
    const match = page.UserPoolClients?.find((client) => client.ClientName === name);
    if (match?.ClientId) return match.ClientId;
    NextToken = page.NextToken;
  } while (NextToken);
  return undefined;
}

/** Where tokens of a pool say they come from, and where their signing keys are published. */
export async function userPoolIssuer(clients: AwsClients, userPoolId: string): Promise<{ issuer: string; jwksUri: string }> {
  const local = clients.endpoints.cognito?.replace(/\/+$/, '');
  const issuer = local ? `${local}/${userPoolId}` : `https://cognito-idp.${await clients.cognito.config.region()}.amazonaws.com/${userPoolId}`;
  return { issuer, jwksUri: `${issuer}/.well-known/jwks.json` };
}

export function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`AWS answered without ${what}`);
  return value;
}
