import { setTimeout as sleep } from 'node:timers/promises';
import { signUnsubscribeToken } from '@loyalty/contracts';
import type { MikroORM } from '@loyalty/db';
import type { Logger } from '@loyalty/platform';
import { campaignEmail } from '../templates/campaign.js';
import { claimRecipients, completeFinishedCampaigns, failAbandonedClaims, recordOutcome, type ClaimedRecipient, type Outcome } from './campaign-recipients.js';
import { sendEmail, type Mailer } from './send-email.js';

export interface CampaignSending {
  ratePerSecond: number;
  staleClaimSeconds: number;
  unsubscribeSecret: string;
  unsubscribeBaseUrl: string;
}

export interface SenderRun {
  sent: number;
  failed: number;
  skipped: number;
  abandoned: number;
}

/**
 * Sends what started campaigns still owe, one second's worth of recipients (the send rate) per claim,
 * until nothing is pending or `deadline` passes. Each recipient goes pending → sending (committed) →
 * SES → sent or failed, so a crash leaves at most the claimed rows `sending`; the next run counts them
 * failed (see failAbandonedClaims) and nobody gets the campaign twice.
 */
export async function sendCampaigns(orm: MikroORM, mailer: Mailer, settings: CampaignSending, logger: Logger, deadline: number): Promise<SenderRun> {
  const run: SenderRun = { sent: 0, failed: 0, skipped: 0, abandoned: await failAbandonedClaims(orm.em.fork(), settings.staleClaimSeconds) };
  if (run.abandoned > 0) logger.warn({ abandoned: run.abandoned }, 'campaign mails left mid-send by an earlier run counted failed, not resent');
  while (Date.now() < deadline) {
    const started = Date.now();
    const batch = await claimRecipients(orm, settings.ratePerSecond);
    if (batch.length === 0) break;
    for (const recipient of batch) {
      const outcome = await deliver(mailer, settings, logger, recipient);
      await recordOutcome(orm.em.fork(), recipient, outcome);
      run[outcome.status] += 1;
    }
    await completeFinishedCampaigns(orm.em.fork());
    const paced = started + (batch.length / settings.ratePerSecond) * 1000 - Date.now();
    if (paced > 0) await sleep(paced);
  }
  await completeFinishedCampaigns(orm.em.fork());
  if (run.sent + run.failed + run.skipped > 0) logger.info(run, 'campaign mail sent');
  return run;
}

async function deliver(mailer: Mailer, settings: CampaignSending, logger: Logger, recipient: ClaimedRecipient): Promise<Outcome> {
  if (recipient.email === null) return { status: 'skipped', reason: 'no_email' };
  // Consent was checked when the campaign started; an unsubscribe since then still counts.
  if (!recipient.marketingConsent) return { status: 'skipped', reason: 'withdrawn' };
  const url = `${settings.unsubscribeBaseUrl.replace(/\/$/, '')}/unsubscribe/${signUnsubscribeToken(recipient.customerId, recipient.businessId, settings.unsubscribeSecret)}`;
  const content = campaignEmail(recipient, { name: recipient.displayName, program: recipient.programName, balance: String(recipient.balance) }, url);
  try {
    await sendEmail(mailer, recipient.email, content, {
      tags: { campaignId: recipient.campaignId },
      headers: [
        { name: 'List-Unsubscribe', value: `<${url}>` },
        { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
      ],
    });
    return { status: 'sent' };
  } catch (error) {
    // SES may have taken the mail before the error reached us: retrying could send it twice.
    logger.error({ err: error, campaignId: recipient.campaignId, cardId: recipient.cardId }, 'campaign mail failed; not retried');
    return { status: 'failed', reason: error instanceof Error ? error.name : 'unknown' };
  }
}
