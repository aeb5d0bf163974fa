import type { EventPayload } from '@loyalty/contracts';
import { escapeHtml, type EmailContent } from './email-content.js';

export function pointsExpiringEmail(notice: EventPayload<'points.expiring'>): EmailContent {
  const date = new Date(notice.expiresAt).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const subject = `${notice.points} ${notice.programName} points expire on ${date}`;
  const text = [
    `Hi ${notice.customer.displayName},`,
    '',
    `${notice.points} points on your ${notice.programName} card expire on ${date}.`,
    'Use them before then: show your card at the counter to redeem a reward.',
  ].join('\n');
  const html = `<p>Hi ${escapeHtml(notice.customer.displayName)},</p>
<p><strong>${notice.points} points</strong> on your ${escapeHtml(notice.programName)} card expire on ${date}.</p>
<p>Use them before then: show your card at the counter to redeem a reward.</p>`;
  return { subject, text, html };
}
