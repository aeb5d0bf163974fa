import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { sesInbox, startCognito, startKms, type CapturedEmail, type RunningKms } from '@loyalty/local-stack';
import { createLogger } from '@loyalty/platform';
import type { LambdaInvokeServer } from '@loyalty/runtime';
import { COGNITO_SENDER_FUNCTION } from '@loyalty/topology';
import { startCognitoSenderLocally } from '../src/local.js';

const inbox = sesInbox(process.env.AWS_ENDPOINT_URL_SESV2!);
const logger = createLogger('cognito-sender-test', 'silent');
const PASSWORD = 'correct-horse-battery-9';

let kms: RunningKms;
let invoke: LambdaInvokeServer;
let stopCognito: () => Promise<void>;
let cognito: CognitoIdentityProviderClient;
let userPoolId: string;
let clientId: string;

// Its own cognito-local: triggers are global to a cognito-local, and the shared one has none.
beforeAll(async () => {
  kms = await startKms(0);
  invoke = await startCognitoSenderLocally(
    0,
    { AWS_ENDPOINT_URL_SESV2: process.env.AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_KMS: kms.endpoint, COGNITO_CODE_KEY_ARN: kms.keyArn, LOG_LEVEL: 'silent' },
    logger,
  );
  const running = await startCognito(0, await mkdtemp(join(tmpdir(), 'cognito-trigger-')), {
    lambdaEndpoint: invoke.url,
    customEmailSender: COGNITO_SENDER_FUNCTION,
    kms,
  });
  stopCognito = running.stop;
  cognito = new CognitoIdentityProviderClient({
    endpoint: running.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const { UserPool } = await cognito.send(
    new CreateUserPoolCommand({ PoolName: 'trigger-test', UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] }),
  );
  userPoolId = UserPool!.Id!;
  const { UserPoolClient } = await cognito.send(
    new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] }),
  );
  clientId = UserPoolClient!.ClientId!;
}, 60_000);

afterAll(async () => {
  cognito.destroy();
  await stopCognito();
  await invoke.close();
  await kms.stop();
});

const mailsTo = async (email: string): Promise<CapturedEmail[]> => (await inbox.list()).filter((mail) => mail.destination.to.includes(email));
const codeIn = (mail: CapturedEmail | undefined, label: RegExp) => label.exec(mail?.body.text ?? '')?.[1];

test('sign-up: the confirmation code arrives through our template, with a plain-text part, and confirms the account', async () => {
  const email = `new-${randomUUID()}@example.com`;
  await cognito.send(new SignUpCommand({ ClientId: clientId, Username: email, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: email }] }));

  const [mail, ...more] = await mailsTo(email);
  expect(more).toHaveLength(0);
  expect(mail?.subject).toBe('Confirm your email address');
  expect(mail?.from).toBe('rewards@loyalty.example');
  const code = codeIn(mail, /Your confirmation code is (\d+)/);
  expect(code).toMatch(/^\d{4,8}$/);
  expect(mail?.body.html).toContain(`<strong>${code}</strong>`);

  await cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: email, ConfirmationCode: code! }));
  const signedIn = await cognito.send(
    new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD } }),
  );
  expect(signedIn.AuthenticationResult?.AccessToken).toBeDefined();
});

test('forgot password: the reset code arrives and sets the new password', async () => {
  const email = `reset-${randomUUID()}@example.com`;
  await cognito.send(new SignUpCommand({ ClientId: clientId, Username: email, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: email }] }));
  await cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: email, ConfirmationCode: codeIn((await mailsTo(email))[0], /code is (\d+)/)! }));

  await cognito.send(new ForgotPasswordCommand({ ClientId: clientId, Username: email }));
  const reset = (await mailsTo(email)).find((mail) => mail.subject === 'Reset your password');
  const code = codeIn(reset, /Your reset code is (\d+)/);
  expect(reset?.body.text).toContain('your password stays as it is');

  const newPassword = 'another-horse-staple-7';
  await cognito.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: email, ConfirmationCode: code!, Password: newPassword }));
  const signedIn = await cognito.send(
    new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD: newPassword } }),
  );
  expect(signedIn.AuthenticationResult?.AccessToken).toBeDefined();
});

test('a staff invitation (AdminCreateUser) carries the sign-in name and a temporary password that works', async () => {
  const email = `staff-${randomUUID()}@example.com`;
  await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: userPoolId,
      Username: email,
      UserAttributes: [{ Name: 'email', Value: email }],
      DesiredDeliveryMediums: ['EMAIL'],
    }),
  );

  const [mail] = await mailsTo(email);
  expect(mail?.subject).toBe('You are invited to the loyalty admin');
  const temporary = /with the temporary password (\S+)/.exec(mail?.body.text ?? '')?.[1];
  expect(mail?.body.text).toContain(`Sign in as ${email}`);
  const answer = await cognito.send(
    new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD: temporary! } }),
  );
  expect(answer.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
});

test('the invoke endpoint answers as Lambda does: an unknown function is a 404, a code that KMS cannot open is a function error', async () => {
  const unknown = await fetch(`${invoke.url}/2015-03-31/functions/nope/invocations`, { method: 'POST', body: '{}' });
  expect(unknown.status).toBe(404);
  expect(unknown.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');

  const email = `forged-${randomUUID()}@example.com`;
  const forged = await fetch(`${invoke.url}/2015-03-31/functions/${COGNITO_SENDER_FUNCTION}/invocations`, {
    method: 'POST',
    body: JSON.stringify({
      version: '1',
      triggerSource: 'CustomEmailSender_SignUp',
      userName: email,
      userPoolId,
      request: { type: 'customEmailSenderRequestV1', code: Buffer.from('not an encryption sdk message').toString('base64'), userAttributes: { email } },
    }),
  });
  expect(forged.status).toBe(200);
  expect(forged.headers.get('x-amz-function-error')).toBe('Unhandled');
  expect(await mailsTo(email)).toHaveLength(0);
});
