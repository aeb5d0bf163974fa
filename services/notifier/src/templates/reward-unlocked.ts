import type { EventPayload } from '@loyalty/contracts';
import { escapeHtml, type EmailContent } from './email-content.js';

export function rewardUnlockedEmail(reward: EventPayload<'reward.unlocked'>): EmailContent {
  const subject = `Your reward is ready: ${reward.rewardDescription}`;
  const text = [
    `Hi ${reward.customer.displayName},`,
    '',
    `You collected ${reward.stampsRequired} stamps on your ${reward.programName} card.`,
    `Your reward is ready: ${reward.rewardDescription}.`,
    'Show your card at the counter to redeem it.',
  ].join('\n');
  const html = `<p>Hi ${escapeHtml(reward.customer.displayName)},</p>
<p>You collected ${reward.stampsRequired} stamps on your <strong>${escapeHtml(reward.programName)}</strong> card.</p>
<p>Your reward is ready: <strong>${escapeHtml(reward.rewardDescription)}</strong>.</p>
<p>Show your card at the counter to redeem it.</p>`;
  return { subject, text, html };
}
