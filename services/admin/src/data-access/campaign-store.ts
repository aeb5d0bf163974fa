import type { EntityManager } from '@loyalty/db';

export type CampaignStatus = 'draft' | 'sending' | 'completed';

export interface CampaignRow {
  id: string;
  business_id: string;
  program_id: string;
  subject: string;
  body: string;
  visited_within_days: number | null;
  status: CampaignStatus;
  created_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
}

export interface RecipientCounts {
  audience: number;
  pending: number;
  sending: number;
  sent: number;
  failed: number;
  skipped: number;
}

export interface NewCampaign {
  id: string;
  businessId: string;
  programId: string;
  subject: string;
  body: string;
  visitedWithinDays: number | null;
  createdBy: string;
}

const columns = 'id, business_id, program_id, subject, body, visited_within_days, status, created_at, started_at, completed_at';

export async function insertCampaign(em: EntityManager, campaign: NewCampaign): Promise<CampaignRow> {
  const [row] = await em.execute<CampaignRow[]>(
    `insert into business.campaigns (id, business_id, program_id, subject, body, visited_within_days, created_by)
     values (?, ?, ?, ?, ?, ?, ?) returning ${columns}`,
    [campaign.id, campaign.businessId, campaign.programId, campaign.subject, campaign.body, campaign.visitedWithinDays, campaign.createdBy],
  );
  return row!;
}

export async function findCampaign(em: EntityManager, businessId: string, campaignId: string, lock = false): Promise<CampaignRow | undefined> {
  const [row] = await em.execute<CampaignRow[]>(`select ${columns} from business.campaigns where business_id = ? and id = ?${lock ? ' for update' : ''}`, [
    businessId,
    campaignId,
  ]);
  return row;
}

/**
 * Who the campaign goes to, fixed at its start: every active card of the program (optionally with an
 * applied visit or purchase in the last N days). A customer without marketing consent, or without an
 * email address (deleted), is recorded as skipped with the reason; the sender checks consent again.
 */
export async function materialiseRecipients(em: EntityManager, campaign: CampaignRow): Promise<void> {
  await em.execute(
    `insert into business.campaign_recipients (campaign_id, card_id, customer_id, status, reason)
     select ?, c.id, c.customer_id,
            case when cu.email is null or cu.deleted_at is not null then 'skipped'
                 when (cu.consents -> 'marketing' ->> 'granted')::boolean is true then 'pending'
                 else 'skipped' end,
            case when cu.email is null or cu.deleted_at is not null then 'no_email'
                 when (cu.consents -> 'marketing' ->> 'granted')::boolean is true then null
                 when (cu.consents -> 'marketing' ->> 'granted')::boolean is false then 'withdrawn'
                 else 'no_consent' end
       from loyalty.cards c
       join customer.customers cu on cu.id = c.customer_id
      where c.program_id = ? and c.business_id = ? and c.status = 'active'
        and (?::int is null or exists (
              select 1 from loyalty.transactions t
               where t.card_id = c.id and t.kind in ('visit', 'purchase') and t.status = 'applied'
                 and t.created_at >= now() - make_interval(days => ?::int)))`,
    [campaign.id, campaign.program_id, campaign.business_id, campaign.visited_within_days, campaign.visited_within_days],
  );
}

export async function markStarted(em: EntityManager, campaignId: string): Promise<CampaignRow> {
  const [row] = await em.execute<CampaignRow[]>(`update business.campaigns set status = 'sending', started_at = now() where id = ? returning ${columns}`, [
    campaignId,
  ]);
  return row!;
}

export async function recipientCounts(em: EntityManager, campaignId: string): Promise<RecipientCounts> {
  const rows = await em.execute<{ status: keyof RecipientCounts; count: string }[]>(
    `select status, count(*) as count from business.campaign_recipients where campaign_id = ? group by status`,
    [campaignId],
  );
  const counts: RecipientCounts = { audience: 0, pending: 0, sending: 0, sent: 0, failed: 0, skipped: 0 };
  for (const { status, count } of rows) {
    counts[status] = Number(count);
    counts.audience += Number(count);
  }
  return counts;
}

export async function skipReasons(em: EntityManager, campaignId: string): Promise<Record<string, number>> {
  const rows = await em.execute<{ reason: string; count: string }[]>(
    `select reason, count(*) as count from business.campaign_recipients where campaign_id = ? and status = 'skipped' group by reason`,
    [campaignId],
  );
  return Object.fromEntries(rows.map(({ reason, count }) => [reason, Number(count)]));
}
