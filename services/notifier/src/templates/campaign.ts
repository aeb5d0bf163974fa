import { fillCampaignTemplate, type CampaignValues } from '@loyalty/contracts';
import { escapeHtml, type EmailContent } from './email-content.js';

/** The business's text, filled for one customer, with the unsubscribe link in both parts as well as in the header. */
export function campaignEmail(template: { subject: string; body: string }, values: CampaignValues, unsubscribeUrl: string): EmailContent {
  const subject = fillCampaignTemplate(template.subject, values);
  const body = fillCampaignTemplate(template.body, values);
  const text = [body, '', '--', `You get this because you agreed to news from ${values.program}. Unsubscribe: ${unsubscribeUrl}`].join('\n');
  const paragraphs = body
    .split(/\n\s*\n/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  const html = `${paragraphs}
<hr>
<p style="font-size:small">You get this because you agreed to news from ${escapeHtml(values.program)}. <a href="${escapeHtml(unsubscribeUrl)}">Unsubscribe</a></p>`;
  return { subject, text, html };
}
