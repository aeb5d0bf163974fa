import type { EntityManager, MikroORM } from '@loyalty/db';

export interface ClaimedRecipient {
  campaignId: string;
  cardId: string;
  businessId: string;
  customerId: string;
  email: string | null;
  displayName: string;
  marketingConsent: boolean;
  programName: string;
  balance: number;
  subject: string;
  body: string;
}

interface ClaimRow {
  campaign_id: string;
  card_id: string;
  business_id: string;
  customer_id: string;
  email: string | null;
  display_name: string;
  marketing: boolean | null;
  program_name: string;
  balance: number;
  subject: string;
  body: string;
}

/**
 * Claims up to `limit` pending recipients of sending campaigns and commits them as `sending` before
 * anything is mailed: that commit is what makes a crash cost at most one mail per claimed row, never
 * a second one. Concurrent senders skip each other's rows (SKIP LOCKED).
 */
export async function claimRecipients(orm: MikroORM, limit: number): Promise<ClaimedRecipient[]> {
  const rows = await orm.em.fork().transactional((tx) =>
    tx.execute<ClaimRow[]>(
      `with claimed as (
         select r.campaign_id, r.card_id
           from business.campaign_recipients r
           join business.campaigns c on c.id = r.campaign_id and c.status = 'sending'
          where r.status = 'pending'
          order by c.started_at, r.campaign_id, r.card_id
          limit ?
          for update of r skip locked
       ), marked as (
         update business.campaign_recipients r set status = 'sending', claimed_at = now()
           from claimed where r.campaign_id = claimed.campaign_id and r.card_id = claimed.card_id
         returning r.campaign_id, r.card_id, r.customer_id
       )
       select m.campaign_id, m.card_id, c.business_id, m.customer_id, cu.email, cu.display_name,
              (cu.consents -> 'marketing' ->> 'granted')::boolean as marketing,
              p.name as program_name, cd.balance, c.subject, c.body
         from marked m
         join business.campaigns c on c.id = m.campaign_id
         join customer.customers cu on cu.id = m.customer_id
         join loyalty.cards cd on cd.id = m.card_id
         join loyalty.programs p on p.id = c.program_id`,
      [limit],
    ),
  );
  return rows.map((row) => ({
    campaignId: row.campaign_id,
    cardId: row.card_id,
    businessId: row.business_id,
    customerId: row.customer_id,
    email: row.email,
    displayName: row.display_name,
    marketingConsent: row.marketing === true,
    programName: row.program_name,
    balance: Number(row.balance),
    subject: row.subject,
    body: row.body,
  }));
}

export type Outcome = { status: 'sent' } | { status: 'failed' | 'skipped'; reason: string };

export async function recordOutcome(em: EntityManager, recipient: Pick<ClaimedRecipient, 'campaignId' | 'cardId'>, outcome: Outcome): Promise<void> {
  await em.execute(
    `update business.campaign_recipients set status = ?, reason = ?, finished_at = now()
      where campaign_id = ? and card_id = ? and status = 'sending'`,
    [outcome.status, outcome.status === 'sent' ? null : outcome.reason, recipient.campaignId, recipient.cardId],
  );
}

/**
 * Rows left `sending` by a sender that died between its claim and its record: SES may or may not
 * have the mail, so they are counted failed and never sent again (at most once).
 */
export async function failAbandonedClaims(em: EntityManager, staleSeconds: number): Promise<number> {
  const rows = await em.execute<{ card_id: string }[]>(
    `update business.campaign_recipients set status = 'failed', reason = 'interrupted', finished_at = now()
      where status = 'sending' and claimed_at < now() - make_interval(secs => ?)
      returning card_id`,
    [staleSeconds],
  );
  return rows.length;
}

export async function completeFinishedCampaigns(em: EntityManager): Promise<void> {
  await em.execute(
    `update business.campaigns c set status = 'completed', completed_at = now()
      where c.status = 'sending'
        and not exists (select 1 from business.campaign_recipients r where r.campaign_id = c.id and r.status in ('pending', 'sending'))`,
  );
}
