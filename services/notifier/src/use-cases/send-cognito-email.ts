import type { Logger } from '@loyalty/platform';
import type { EmailContent } from '../templates/email-content.js';
import { emailChangeCodeEmail } from '../templates/email-change-code.js';
import { passwordResetCodeEmail } from '../templates/password-reset-code.js';
import { signUpCodeEmail } from '../templates/sign-up-code.js';
import { staffInvitationEmail } from '../templates/staff-invitation.js';
import { sendEmail, type Mailer } from './send-email.js';

/** What Cognito asks a CustomEmailSender to deliver, with the code already decrypted. */
export interface CognitoEmailRequest {
  triggerSource: string;
  username: string;
  email: string | undefined;
  code: string;
}

function contentFor(request: CognitoEmailRequest): EmailContent | undefined {
  const { code, username } = request;
  switch (request.triggerSource) {
    case 'CustomEmailSender_SignUp':
    case 'CustomEmailSender_ResendCode':
      return signUpCodeEmail(code);
    case 'CustomEmailSender_ForgotPassword':
      return passwordResetCodeEmail(code);
    case 'CustomEmailSender_AdminCreateUser':
      return staffInvitationEmail(request.email ?? username, code);
    case 'CustomEmailSender_UpdateUserAttribute':
    case 'CustomEmailSender_VerifyUserAttribute':
      return emailChangeCodeEmail(code);
    default:
      return undefined;
  }
}

/** Sends the code through our own templates and SES. A source we have no template for (e.g. account take-over) is logged, not sent. */
export async function sendCognitoEmail(mailer: Mailer, logger: Logger, request: CognitoEmailRequest): Promise<void> {
  const content = contentFor(request);
  if (!content) {
    logger.warn({ triggerSource: request.triggerSource }, 'Cognito email kind without a template; nothing sent');
    return;
  }
  if (!request.email) {
    logger.warn({ triggerSource: request.triggerSource }, 'Cognito user without an email attribute; nothing sent');
    return;
  }
  await sendEmail(mailer, request.email, content, { tags: { cognitoTrigger: request.triggerSource } });
}
