import { SESv2Client } from '@aws-sdk/client-sesv2';
import { createLogger } from '@loyalty/platform';
import { awsClientConfigFor, lazyHandler, type LazyHandlerOptions } from '@loyalty/runtime';
import { codeDecrypter } from './cognito/decrypt-code.js';
import { kmsDecrypter } from './cognito/kms-decrypt.js';
import { loadCognitoSenderConfig } from './config.js';
import { cognitoEmailSender, type CustomEmailSenderEvent } from './entry-points/cognito-email-sender.js';

/** Built once per cold start. The local Lambda Invoke server builds it the same way, with its own environment. */
export function cognitoSenderHandler(options: LazyHandlerOptions = {}): (event: unknown) => Promise<CustomEmailSenderEvent> {
  return lazyHandler(async (env) => {
    const config = loadCognitoSenderConfig(env);
    const logger = createLogger('cognito-email-sender', config.LOG_LEVEL);
    const kms = kmsDecrypter({ region: config.AWS_REGION, endpoint: config.AWS_ENDPOINT_URL_KMS ?? config.AWS_ENDPOINT_URL });
    const mailer = { ses: new SESv2Client(awsClientConfigFor(config, 'ses')), fromAddress: config.EMAIL_FROM_ADDRESS };
    return cognitoEmailSender(mailer, codeDecrypter(kms, config.COGNITO_CODE_KEY_ARN), logger);
  }, options);
}

/** AWS Lambda entry point for both user pools' CustomEmailSender trigger. */
export const handler = cognitoSenderHandler();
