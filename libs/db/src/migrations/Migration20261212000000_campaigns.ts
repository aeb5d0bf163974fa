import { Migration } from '@mikro-orm/migrations';

/**
 * Marketing campaigns and their recipients. The recipients are materialised when a campaign starts
 * (who was in the audience then, and why some are skipped); the sender claims `pending` rows and
 * moves each to `sending` (committed) before SES, then to `sent` or `failed`.
 */
export class Migration20261212000000_campaigns extends Migration {
  override name = 'Migration20261212000000_campaigns';

  override up(): void {
    this.addSql(`
      create table business.campaigns (
        id uuid primary key,
        business_id uuid not null references business.businesses (id),
        program_id uuid not null references loyalty.programs (id),
        subject text not null,
        body text not null,
        visited_within_days int check (visited_within_days > 0),
        status text not null default 'draft' check (status in ('draft', 'sending', 'completed')),
        created_by text not null,
        created_at timestamptz not null default now(),
        started_at timestamptz,
        completed_at timestamptz
      )`);
    this.addSql(`create index campaigns_business on business.campaigns (business_id, created_at desc)`);
    this.addSql(`create index campaigns_sending on business.campaigns (started_at) where status = 'sending'`);

    this.addSql(`
      create table business.campaign_recipients (
        campaign_id uuid not null references business.campaigns (id),
        card_id uuid not null references loyalty.cards (id),
        customer_id uuid not null references customer.customers (id),
        status text not null check (status in ('pending', 'sending', 'sent', 'failed', 'skipped')),
        reason text,
        claimed_at timestamptz,
        finished_at timestamptz,
        primary key (campaign_id, card_id)
      )`);
    this.addSql(`create index campaign_recipients_pending on business.campaign_recipients (campaign_id, card_id) where status = 'pending'`);
    this.addSql(`create index campaign_recipients_sending on business.campaign_recipients (claimed_at) where status = 'sending'`);
  }

  override down(): void {
    this.addSql(`drop table business.campaign_recipients`);
    this.addSql(`drop table business.campaigns`);
  }
}
