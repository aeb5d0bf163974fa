import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sesInbox, startLocalStack, type LocalStack } from '../src/index.js';
import { listenersOn } from './loopback-listeners.js';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
let dataDir: string;
let stack: LocalStack;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'local-stack-'));
  stack = await startLocalStack({ dataDir });
});

afterAll(async () => {
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

it('serves every emulator on loopback only', () => {
  for (const port of new Set(Object.values(stack.endpoints).map((endpoint) => new URL(endpoint).port))) {
    expect(listenersOn(port)).toEqual([`127.0.0.1:${port}`]);
  }
});

// The host does not resolve: SQS clients must always be given the endpoint.
it('names SQS queues with fauxqs-style URLs in account 000000000000', async () => {
  const sqs = new SQSClient({ endpoint: stack.endpoints.sqs, region: 'us-east-1', credentials });
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'local-stack-test' }));
  expect(QueueUrl).toBe(`http://sqs.us-east-1.localhost:${new URL(stack.endpoints.sqs).port}/000000000000/local-stack-test`);
});

it('captures sent mail in the SES inbox until cleared', async () => {
  const ses = new SESv2Client({ endpoint: stack.endpoints.ses, region: 'us-east-1', credentials });
  const inbox = sesInbox(stack.endpoints.ses);
  await inbox.clear();
  await ses.send(
    new SendEmailCommand({
      FromEmailAddress: 'rewards@example.com',
      Destination: { ToAddresses: ['ada@example.com'] },
      Content: { Simple: { Subject: { Data: 'You unlocked a reward' }, Body: { Text: { Data: 'Free coffee' }, Html: { Data: '<b>Free coffee</b>' } } } },
    }),
  );

  const [email, ...others] = await inbox.list();
  expect(others).toEqual([]);
  expect(email).toMatchObject({
    from: 'rewards@example.com',
    destination: { to: ['ada@example.com'], cc: [], bcc: [] },
    subject: 'You unlocked a reward',
    body: { text: 'Free coffee', html: '<b>Free coffee</b>' },
  });
  await inbox.clear();
  expect(await inbox.list()).toEqual([]);
});

it('stops every emulator', async () => {
  const other = await startLocalStack({ dataDir: join(dataDir, 'other') });
  await other.stop();
  for (const endpoint of Object.values(other.endpoints)) {
    await expect(fetch(endpoint)).rejects.toThrow();
  }
});
