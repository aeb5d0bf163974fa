import { Migration } from '@mikro-orm/migrations';

/**
 * The analytics processor's tables: additive metrics per business x day (store's time zone) x store x
 * program, the set of active customers per such cell (distinct counts stay exact), the facts already
 * counted (so a rebuild and the incremental path never count one twice), and the scheduled insights.
 * `store_id` is the nil uuid for what happens at no store (enrolments, expiry, store-less bonuses).
 */
export class Migration20261210000000_analytics extends Migration {
  override name = 'Migration20261210000000_analytics';

  override up(): void {
    this.addSql(`
      create table analytics.daily_metrics (
        business_id uuid not null,
        day date not null,
        store_id uuid not null,
        program_id uuid not null,
        visits int not null default 0,
        purchases int not null default 0,
        purchase_amount bigint not null default 0,
        stamps_issued bigint not null default 0,
        points_earned bigint not null default 0,
        points_redeemed bigint not null default 0,
        points_expired bigint not null default 0,
        points_reversed bigint not null default 0,
        rewards_unlocked int not null default 0,
        rewards_redeemed int not null default 0,
        new_cards int not null default 0,
        primary key (business_id, day, store_id, program_id)
      )`);
    this.addSql(`
      create table analytics.daily_customers (
        business_id uuid not null,
        day date not null,
        store_id uuid not null,
        program_id uuid not null,
        customer_id uuid not null,
        primary key (business_id, day, store_id, program_id, customer_id)
      )`);
    this.addSql(`
      create table analytics.counted_facts (
        fact text primary key,
        business_id uuid not null
      )`);
    this.addSql(`create index counted_facts_business on analytics.counted_facts (business_id)`);

    this.addSql(`
      create table analytics.customer_segments (
        program_id uuid not null,
        business_id uuid not null,
        segment text not null check (segment in ('new', 'active', 'champions', 'at_risk', 'lapsed')),
        customers int not null,
        computed_at timestamptz not null,
        primary key (program_id, segment)
      )`);
    this.addSql(`
      create table analytics.program_insights (
        program_id uuid primary key,
        business_id uuid not null,
        program_kind text not null,
        cards int not null,
        visit_frequency jsonb not null,
        days_to_first_reward jsonb not null,
        rewards_unlocked int not null,
        rewards_redeemed int not null,
        outstanding_points bigint not null,
        outstanding_value bigint,
        currency text,
        computed_at timestamptz not null
      )`);
    this.addSql(`create index program_insights_business on analytics.program_insights (business_id)`);
  }

  override down(): void {
    for (const table of ['program_insights', 'customer_segments', 'counted_facts', 'daily_customers', 'daily_metrics']) {
      this.addSql(`drop table analytics.${table}`);
    }
  }
}
