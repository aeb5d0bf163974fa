import { escapeHtml, type EmailContent } from './email-content.js';

/** A changed or not yet verified email address (Cognito's UpdateUserAttribute and VerifyUserAttribute). */
export function emailChangeCodeEmail(code: string): EmailContent {
  return {
    subject: 'Verify your new email address',
    text: [`Your verification code is ${code}`, '', 'Enter it in the app to confirm this address.'].join('\n'),
    html: `<p>Your verification code is <strong>${escapeHtml(code)}</strong></p>
<p>Enter it in the app to confirm this address.</p>`,
  };
}
