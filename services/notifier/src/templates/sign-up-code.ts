import { escapeHtml, type EmailContent } from './email-content.js';

/** Sign-up and a resent confirmation code (Cognito's SignUp and ResendCode). */
export function signUpCodeEmail(code: string): EmailContent {
  return {
    subject: 'Confirm your email address',
    text: [
      'Welcome!',
      '',
      `Your confirmation code is ${code}`,
      '',
      'Enter it in the app to finish signing up. If you did not sign up, ignore this email.',
    ].join('\n'),
    html: `<p>Welcome!</p>
<p>Your confirmation code is <strong>${escapeHtml(code)}</strong></p>
<p>Enter it in the app to finish signing up. If you did not sign up, ignore this email.</p>`,
  };
}
