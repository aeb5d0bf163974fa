import { escapeHtml, type EmailContent } from './email-content.js';

/** AdminCreateUser: the staff member's sign-in name and temporary password. */
export function staffInvitationEmail(username: string, temporaryPassword: string): EmailContent {
  return {
    subject: 'You are invited to the loyalty admin',
    text: [
      'You have been invited to manage a loyalty program.',
      '',
      `Sign in as ${username} with the temporary password ${temporaryPassword}`,
      '',
      'You will choose your own password and set up an authenticator app at the first sign-in.',
    ].join('\n'),
    html: `<p>You have been invited to manage a loyalty program.</p>
<p>Sign in as <strong>${escapeHtml(username)}</strong> with the temporary password <strong>${escapeHtml(temporaryPassword)}</strong></p>
<p>You will choose your own password and set up an authenticator app at the first sign-in.</p>`,
  };
}
