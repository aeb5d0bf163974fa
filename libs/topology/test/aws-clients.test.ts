import { awsClients, destroyClients } from '../src/index.js';

it('takes one endpoint for every service from AWS_ENDPOINT_URL, as with LocalStack', () => {
  const clients = awsClients(undefined, { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' });
  expect(Object.values(clients.endpoints)).toEqual(Array(6).fill('http://127.0.0.1:4566'));
  destroyClients(clients);
});

it('prefers explicit endpoints, then service-specific variables, then the shared one', () => {
  const clients = awsClients(
    { sqs: 'http://127.0.0.1:1' },
    { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:2', AWS_ENDPOINT_URL_SNS: 'http://127.0.0.1:3' },
  );
  expect(clients.endpoints).toMatchObject({ sqs: 'http://127.0.0.1:1', sns: 'http://127.0.0.1:3', s3: 'http://127.0.0.1:4566' });
  destroyClients(clients);
});

it('talks to real AWS when no endpoint is configured', () => {
  const clients = awsClients(undefined, {});
  expect(clients.endpoints).toEqual({});
  destroyClients(clients);
});
