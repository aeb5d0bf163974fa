import { DescribeUserPoolCommand, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetSubscriptionAttributesCommand, ListSubscriptionsByTopicCommand, PublishCommand } from '@aws-sdk/client-sns';
import { ChangeMessageVisibilityCommand, ReceiveMessageCommand, SendMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { startLocalStack, type LocalStack } from '@loyalty/local-stack';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  awsClients,
  createDemoUsers,
  destroyClients,
  provisionTopology,
  resolveTopology,
  topology,
  type AwsClients,
  type ProvisionedTopology,
} from '../src/index.js';
import { ensureSubscription } from '../src/provision-messaging.js';

const maxReceiveCount = 3;
const prefix = `t${randomUUID().slice(0, 8)}`;
let dataDir: string;
let stack: LocalStack;
let clients: AwsClients;
let provisioned: ProvisionedTopology;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'topology-'));
  stack = await startLocalStack({ dataDir });
  clients = awsClients(stack.endpoints);
  provisioned = await provisionTopology(clients, { prefix, overrides: { queues: { maxReceiveCount, visibilityTimeoutSeconds: 5 } } });
});

afterAll(async () => {
  if (clients) destroyClients(clients);
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function receive(queueUrl: string, waitTimeSeconds = 5): Promise<Message[]> {
  const { Messages = [] } = await clients.sqs.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: waitTimeSeconds, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }),
  );
  return Messages;
}

async function subscriptionEndpoints(topicArn: string): Promise<string[]> {
  const { Subscriptions = [] } = await clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
  return Subscriptions.map((subscription) => subscription.Endpoint ?? '').sort();
}

function claims(jwt: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt?.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('provisioning', () => {
  it('names every resource after the prefix', () => {
    expect(provisioned.topics.loyalty.arn).toBe(`arn:aws:sns:us-east-1:000000000000:${prefix}-loyalty`);
    expect(provisioned.queues.transactions.arn).toBe(`arn:aws:sqs:us-east-1:000000000000:${prefix}-transactions`);
    expect(provisioned.queues.transactions.deadLetterArn).toBe(`arn:aws:sqs:us-east-1:000000000000:${prefix}-transactions-dlq`);
    expect(provisioned.buckets.exports.name).toBe(`${prefix}-exports`);
    expect(provisioned.tables['transaction-history'].name).toBe(`${prefix}-transaction-history`);
  });

  it('is idempotent: a second run returns the same resources and subscribes nothing twice', async () => {
    const again = await provisionTopology(clients, { prefix, overrides: { queues: { maxReceiveCount, visibilityTimeoutSeconds: 5 } } });

    expect(again).toEqual(provisioned);
    const { queues } = provisioned;
    expect(await subscriptionEndpoints(provisioned.topics.loyalty.arn)).toEqual(
      [queues.transactions.arn, queues.email.arn, queues.history.arn, queues.analytics.arn].sort(),
    );
    expect(await subscriptionEndpoints(provisioned.topics.export.arn)).toEqual([queues.email.arn, queues.exports.arn].sort());
    expect(await subscriptionEndpoints(provisioned.topics.customer.arn)).toEqual([]);
  });

  it('updates the filter of an existing subscription when its event types change', async () => {
    const { topics, queues } = provisioned;
    await ensureSubscription(clients.sns, topics.loyalty.arn, queues.email.arn, ['reward.unlocked', 'reward.redeemed']);

    const { Subscriptions = [] } = await clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topics.loyalty.arn }));
    const toEmail = Subscriptions.filter((subscription) => subscription.Endpoint === queues.email.arn);
    expect(toEmail).toHaveLength(1);
    const { Attributes } = await clients.sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: toEmail[0]?.SubscriptionArn }));
    expect(JSON.parse(Attributes?.FilterPolicy ?? '{}')).toEqual({ eventType: ['reward.unlocked', 'reward.redeemed'] });

    await ensureSubscription(clients.sns, topics.loyalty.arn, queues.email.arn, ['reward.unlocked']);
  });

  it('resolves the same resources without creating any', async () => {
    expect(await resolveTopology(clients, prefix)).toEqual(provisioned);
    await expect(resolveTopology(clients, `${prefix}-missing`)).rejects.toThrow();
  });

  it('creates the transaction-history table with its indexes', async () => {
    const { Table } = await clients.dynamodb.send(new DescribeTableCommand({ TableName: provisioned.tables['transaction-history'].name }));
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual(['byCard', 'byCustomer']);
  });
});

describe('messaging', () => {
  it('delivers a loyalty event raw to the queues whose filter matches it, and only those', async () => {
    const message = JSON.stringify({ id: randomUUID(), type: 'transaction.recorded' });
    await clients.sns.send(
      new PublishCommand({
        TopicArn: provisioned.topics.loyalty.arn,
        Message: message,
        MessageAttributes: { eventType: { DataType: 'String', StringValue: 'transaction.recorded' } },
      }),
    );

    const [delivered, ...others] = await receive(provisioned.queues.transactions.url);
    expect(others).toEqual([]);
    expect(delivered?.Body).toBe(message);
    expect(delivered?.MessageAttributes?.eventType?.StringValue).toBe('transaction.recorded');
    expect((await receive(provisioned.queues.history.url)).map((received) => received.Body)).toEqual([message]);
    expect(await receive(provisioned.queues.email.url, 1)).toEqual([]);
    // The analytics processor counts settled transactions, not recorded ones.
    expect(await receive(provisioned.queues.analytics.url, 1)).toEqual([]);
  });

  it(`moves a message received ${maxReceiveCount} times without success to the dead-letter queue`, async () => {
    const { queues } = provisioned;
    const body = JSON.stringify({ id: randomUUID() });
    await clients.sqs.send(new SendMessageCommand({ QueueUrl: queues.transactions.url, MessageBody: body }));

    let receives = 0;
    let deadLettered: Message[] = [];
    const deadline = Date.now() + 20_000;
    while (deadLettered.length === 0 && Date.now() < deadline) {
      for (const failed of await receive(queues.transactions.url, 1)) {
        receives += 1;
        // What a consumer does when a handler fails: make the message visible again at once.
        await clients.sqs.send(
          new ChangeMessageVisibilityCommand({ QueueUrl: queues.transactions.url, ReceiptHandle: failed.ReceiptHandle, VisibilityTimeout: 0 }),
        );
      }
      deadLettered = await receive(queues.transactions.deadLetterUrl, 0);
    }

    expect(deadLettered.map((message) => message.Body)).toEqual([body]);
    expect(receives).toBe(maxReceiveCount);
  });
});

describe('identity', () => {
  it('lets the demo owner sign in with a token that carries the owner group', async () => {
    await createDemoUsers(clients, provisioned);
    const { owner } = await createDemoUsers(clients, provisioned);

    const { AuthenticationResult } = await clients.cognito.send(
      new InitiateAuthCommand({
        ClientId: owner.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: owner.email, PASSWORD: owner.password },
      }),
    );

    const idToken = claims(AuthenticationResult?.IdToken);
    expect(idToken).toMatchObject({ email: 'demo.owner@example.com', 'cognito:groups': ['owner'], iss: provisioned.userPools.staff.issuer });
    expect(claims(AuthenticationResult?.AccessToken)).toMatchObject({ 'cognito:groups': ['owner'] });

    const refreshed = await clients.cognito.send(
      new InitiateAuthCommand({
        ClientId: owner.clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: AuthenticationResult?.RefreshToken ?? '' },
      }),
    );
    expect(claims(refreshed.AuthenticationResult?.AccessToken)).toMatchObject({ username: idToken['cognito:username'] });
  });

  it('lets the demo customer sign in to the customer pool only', async () => {
    const { customer } = await createDemoUsers(clients, provisioned);
    const signIn = (clientId: string) =>
      clients.cognito.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: customer.email, PASSWORD: customer.password },
        }),
      );

    const { AuthenticationResult } = await signIn(provisioned.userPools.customers.clientId);
    expect(claims(AuthenticationResult?.IdToken)).toMatchObject({ email: customer.email, iss: provisioned.userPools.customers.issuer });
    await expect(signIn(provisioned.userPools.staff.clientId)).rejects.toThrow();
  });

  it("gives each user pool the definition's password policy", async () => {
    for (const [name, pool] of Object.entries(provisioned.userPools)) {
      const { UserPool } = await clients.cognito.send(new DescribeUserPoolCommand({ UserPoolId: pool.userPoolId }));
      const { minimumLength, requireLowercase, requireUppercase, requireNumbers, requireSymbols } =
        topology.userPools[name as keyof typeof topology.userPools].passwordPolicy;
      expect(UserPool?.Policies?.PasswordPolicy).toMatchObject({
        MinimumLength: minimumLength,
        RequireLowercase: requireLowercase,
        RequireUppercase: requireUppercase,
        RequireNumbers: requireNumbers,
        RequireSymbols: requireSymbols,
      });
    }
  });

  it('publishes the signing keys at the pool JWKS url', async () => {
    const { owner } = await createDemoUsers(clients, provisioned);
    const { AuthenticationResult } = await clients.cognito.send(
      new InitiateAuthCommand({
        ClientId: owner.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: owner.email, PASSWORD: owner.password },
      }),
    );
    const { kid } = JSON.parse(Buffer.from(AuthenticationResult?.IdToken?.split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid: string };

    const response = await fetch(provisioned.userPools.staff.jwksUri);
    expect(response.status).toBe(200);
    const { keys } = (await response.json()) as { keys: { kid: string; kty: string }[] };
    expect(keys).toContainEqual(expect.objectContaining({ kid, kty: 'RSA' }));
  });
});
