import { z } from 'zod';
import { campaignPlaceholders } from '@loyalty/contracts';
import { businessParams } from './schemas.js';

const placeholderList = Object.entries(campaignPlaceholders)
  .map(([name, meaning]) => `\`{{${name}}}\` ${meaning}`)
  .join(', ');

export const campaignParams = businessParams.extend({ campaignId: z.uuid() });

export const campaignBody = z.strictObject({
  programId: z.uuid(),
  subject: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .meta({ description: `Plain text; placeholders: ${placeholderList}` }),
  body: z
    .string()
    .trim()
    .min(1)
    .max(20_000)
    .meta({ description: `Plain text, paragraphs separated by blank lines; placeholders: ${placeholderList}` }),
  audience: z
    .strictObject({
      visitedWithinDays: z.number().int().min(1).max(3650).optional().meta({ description: 'Only cards with an applied visit or purchase in the last N days' }),
    })
    .default({})
    .meta({ description: 'Every active card of the program whose customer has marketing consent, optionally narrowed by recent visits' }),
});

const count = z.number().int().min(0);

export const campaignView = z
  .object({
    id: z.uuid(),
    programId: z.uuid(),
    subject: z.string(),
    body: z.string(),
    audience: z.object({ visitedWithinDays: z.number().int().nullable() }),
    status: z.enum(['draft', 'sending', 'completed']),
    counts: z.object({
      audience: count.meta({ description: 'Cards in the audience when the campaign started' }),
      pending: count,
      sending: count.meta({ description: 'Handed to SES, answer not yet recorded' }),
      sent: count,
      failed: count.meta({ description: 'SES refused it, or the sender stopped mid-send (never retried: at most once)' }),
      skipped: count,
    }),
    skippedBecause: z.record(z.string(), count).meta({ description: 'no_consent (never agreed), withdrawn (unsubscribed), no_email (deleted account)' }),
    createdAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    completedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Campaign' });
