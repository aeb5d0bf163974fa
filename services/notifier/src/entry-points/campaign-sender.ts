import type { MikroORM } from '@loyalty/db';
import type { Logger } from '@loyalty/platform';
import type { CampaignSenderConfig } from '../config.js';
import { sendCampaigns, type SenderRun } from '../use-cases/send-campaigns.js';
import type { Mailer } from '../use-cases/send-email.js';

/** One scheduled run: send until nothing is pending or the run's time is up, leaving room to record the last outcomes. */
export function campaignSenderRun(orm: MikroORM, mailer: Mailer, config: CampaignSenderConfig, logger: Logger): (budgetMs: number) => Promise<SenderRun> {
  const settings = {
    ratePerSecond: config.CAMPAIGN_SEND_RATE_PER_SECOND,
    staleClaimSeconds: config.CAMPAIGN_STALE_CLAIM_SECONDS,
    unsubscribeSecret: config.UNSUBSCRIBE_SIGNING_SECRET,
    unsubscribeBaseUrl: config.UNSUBSCRIBE_BASE_URL,
  };
  return (budgetMs) => sendCampaigns(orm, mailer, settings, logger, Date.now() + budgetMs);
}
