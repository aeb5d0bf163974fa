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

/**
 * The campaign sender: the secret that signs unsubscribe links (shared with the customer API, which
 * honours them), where those links point, and the pace. SES's own quota is per second, so is ours.
 */
export const campaignSenderEnv = baseEnv
  .extend(databaseEnv.shape)
  .extend(emailEnv.shape)
  .extend({
    UNSUBSCRIBE_SIGNING_SECRET: z.string().min(32),
    /** The customer API's public base URL; links are `<base>/unsubscribe/<token>`. */
    UNSUBSCRIBE_BASE_URL: z.url().refine((url) => /^https?:\/\//.test(url), 'must be http(s)'),
    CAMPAIGN_SEND_RATE_PER_SECOND: z.coerce.number().int().min(1).max(1000).default(10),
    /** A `sending` row older than this belongs to a sender that died mid-send: it is counted failed, never resent. */
    CAMPAIGN_STALE_CLAIM_SECONDS: z.coerce.number().int().min(1).default(120),
    /** Locally, how often the sender looks for started campaigns (on AWS the schedule does). */
    CAMPAIGN_POLL_SECONDS: z.coerce.number().int().min(1).default(5),
  });

export type CampaignSenderConfig = z.infer<typeof campaignSenderEnv>;

export const loadCampaignSenderConfig = (env: NodeJS.ProcessEnv = process.env): CampaignSenderConfig => loadConfig(campaignSenderEnv, env);

/** The CustomEmailSender function: no database, the KMS key Cognito encrypts codes with. */
export const cognitoSenderEnv = baseEnv.extend(emailEnv.shape).extend({
  COGNITO_CODE_KEY_ARN: z.string().startsWith('arn:aws:kms:'),
  AWS_ENDPOINT_URL_KMS: z.url().optional(),
});

export type CognitoSenderConfig = z.infer<typeof cognitoSenderEnv>;

export const loadCognitoSenderConfig = (env: NodeJS.ProcessEnv = process.env): CognitoSenderConfig => loadConfig(cognitoSenderEnv, env);
