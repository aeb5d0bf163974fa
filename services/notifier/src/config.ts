import { z } from 'zod';
import { baseEnv, databaseEnv, loadConfig } from '@loyalty/platform';

const emailEnv = z.object({
  EMAIL_FROM_ADDRESS: z.email().default('rewards@loyalty.example'),
});

export const notifierEnv = baseEnv
  .extend(databaseEnv.shape)
  .extend(emailEnv.shape)
  .extend({
    /** Locally only: serve the Lambda Invoke API for cognito-local's CustomEmailSender on this port. */
    LOCAL_LAMBDA_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    COGNITO_CODE_KEY_ARN: z.string().startsWith('arn:aws:kms:').optional(),
    AWS_ENDPOINT_URL_KMS: z.url().optional(),
  });

export type NotifierConfig = z.infer<typeof notifierEnv>;

export const loadNotifierConfig = (env: NodeJS.ProcessEnv = process.env): NotifierConfig => loadConfig(notifierEnv, env);

/** The CustomEmailSender function: no database, the KMS key Cognito encrypts codes with. */
export const cognitoSenderEnv = baseEnv.extend(emailEnv.shape).extend({
  COGNITO_CODE_KEY_ARN: z.string().startsWith('arn:aws:kms:'),
  AWS_ENDPOINT_URL_KMS: z.url().optional(),
});

export type CognitoSenderConfig = z.infer<typeof cognitoSenderEnv>;

export const loadCognitoSenderConfig = (env: NodeJS.ProcessEnv = process.env): CognitoSenderConfig => loadConfig(cognitoSenderEnv, env);
