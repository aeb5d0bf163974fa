import { z } from 'zod';
import { AppError, type Logger } from '@loyalty/platform';
import type { CodeDecrypter } from '../cognito/decrypt-code.js';
import { sendCognitoEmail } from '../use-cases/send-cognito-email.js';
import type { Mailer } from '../use-cases/send-email.js';

const customEmailSenderEvent = z.object({
  triggerSource: z.string().startsWith('CustomEmailSender_'),
  userName: z.string(),
  userPoolId: z.string(),
  request: z.object({
    type: z.literal('customEmailSenderRequestV1'),
    code: z.string().nullish(),
    userAttributes: z.record(z.string(), z.string()),
  }),
});

export type CustomEmailSenderEvent = z.input<typeof customEmailSenderEvent>;

/**
 * Cognito's CustomEmailSender trigger, for both user pools: Cognito no longer mails anything itself
 * and hands us the code, KMS-encrypted; we decrypt it and send our own template through SES.
 * A throw makes the invocation fail, so the caller (Cognito, or cognito-local) sees it.
 */
export function cognitoEmailSender(mailer: Mailer, decryptCode: CodeDecrypter, logger: Logger) {
  return async (input: unknown): Promise<CustomEmailSenderEvent> => {
    const parsed = customEmailSenderEvent.safeParse(input);
    if (!parsed.success) throw new AppError({ code: 'INVALID_TRIGGER_EVENT', status: 400, detail: z.prettifyError(parsed.error) });
    const event = parsed.data;
    if (!event.request.code) {
      logger.info({ triggerSource: event.triggerSource }, 'Cognito event without a code; nothing to send');
      return event;
    }
    await sendCognitoEmail(mailer, logger, {
      triggerSource: event.triggerSource,
      username: event.userName,
      email: event.request.userAttributes.email,
      code: await decryptCode(event.request.code),
    });
    return event;
  };
}
