import { escapeHtml, type EmailContent } from './email-content.js';

export function passwordResetCodeEmail(code: string): EmailContent {
  return {
    subject: 'Reset your password',
    text: [
      'Someone asked to reset the password of your account.',
      '',
      `Your reset code is ${code}`,
      '',
      'Enter it in the app with your new password. If it was not you, ignore this email: your password stays as it is.',
    ].join('\n'),
    html: `<p>Someone asked to reset the password of your account.</p>
<p>Your reset code is <strong>${escapeHtml(code)}</strong></p>
<p>Enter it in the app with your new password. If it was not you, ignore this email: your password stays as it is.</p>`,
  };
}
