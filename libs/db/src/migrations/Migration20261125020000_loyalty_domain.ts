import { Migration } from '@mikro-orm/migrations';

/**
 * The full loyalty domain: brand and store details, staff store scope, program lifecycle with
 * stamp/points rules, the reward catalog, lots, a generic ledger, transactions of every kind,
 * redemption codes and customer profiles with consents.
 */
export class Migration20261125020000_loyalty_domain extends Migration {
  override name = 'Migration20261125020000_loyalty_domain';

  override up(): void {
    this.addSql(`alter table business.brands add column category text, add column logo_url text, add column contact jsonb not null default '{}'`);
    this.addSql(`alter table business.stores
      add column address jsonb not null default '{}',
      add column latitude double precision,
      add column longitude double precision,
      add column opening_hours jsonb not null default '[]',
      add constraint stores_geo check ((latitude is null) = (longitude is null)
        and (latitude is null or (latitude between -90 and 90 and longitude between -180 and 180)))`);
    this.addSql(`create index stores_geo on business.stores (latitude, longitude) where latitude is not null`);

    this.addSql(`alter table business.staff_members add column store_ids uuid[], add column updated_at timestamptz not null default now()`);

    this.addSql(`alter table loyalty.programs add column rules jsonb`);
    this.addSql(`update loyalty.programs set rules = jsonb_build_object(
      'stampsPerVisit', 1, 'stampsRequired', stamps_required, 'rewardDescription', reward_description,
      'dailyStampLimit', null, 'minimumAmount', 0, 'stampValidityDays', null)`);
    this.addSql(`alter table loyalty.programs
      alter column rules set not null,
      drop column stamps_required,
      drop column reward_description,
      drop constraint programs_kind_check,
      add constraint programs_kind_check check (kind in ('stamp', 'points')),
      drop constraint programs_status_check,
      add constraint programs_status_check check (status in ('draft', 'active', 'paused', 'ended')),
      add column updated_at timestamptz not null default now()`);
    this.addSql(`create index programs_brand on loyalty.programs (brand_id)`);

    this.addSql(`
      create table loyalty.catalog_rewards (
        id uuid primary key,
        business_id uuid not null references business.businesses (id),
        program_id uuid not null references loyalty.programs (id),
        name text not null,
        description text not null default '',
        cost int not null check (cost > 0),
        valid_from timestamptz,
        valid_until timestamptz,
        stock int check (stock >= 0),
        per_customer_limit int check (per_customer_limit > 0),
        status text not null default 'active' check (status in ('active', 'archived')),
        created_at timestamptz not null default now()
      )`);
    this.addSql(`create index catalog_rewards_program on loyalty.catalog_rewards (program_id)`);

    this.addSql(`alter table loyalty.cards rename column stamps to balance`);
    this.addSql(`alter table loyalty.cards rename constraint cards_stamps_check to cards_balance_check`);
    this.addSql(`alter table loyalty.cards
      add column status text not null default 'active' check (status in ('active', 'suspended', 'closed')),
      add column tier text`);
    this.addSql(`alter table loyalty.cards rename column rewards_earned to completed_cards`);

    this.addSql(`alter table loyalty.transactions
      drop constraint transactions_kind_check,
      add constraint transactions_kind_check check (kind in ('visit', 'purchase', 'redemption', 'void', 'refund', 'adjustment', 'bonus')),
      drop constraint transactions_status_check,
      add constraint transactions_status_check check (status in ('pending', 'applied', 'rejected')),
      alter column store_id drop not null,
      add column amount bigint check (amount >= 0),
      add column currency text,
      add column details jsonb not null default '{}',
      add column rejection jsonb,
      add column reverses_transaction_id uuid references loyalty.transactions (id)`);
    this.addSql(`create index transactions_card on loyalty.transactions (card_id, created_at desc, id desc)`);
    this.addSql(`create index transactions_reverses on loyalty.transactions (reverses_transaction_id) where reverses_transaction_id is not null`);
    this.addSql(`drop trigger transaction_applied on loyalty.transactions`);
    this.addSql(`
      create trigger transaction_settled after update of status on loyalty.transactions
      for each row when (new.status <> 'pending' and old.status = 'pending')
      execute function loyalty.notify_transaction_applied()`);

    this.addSql(`
      create table loyalty.lots (
        id uuid primary key,
        business_id uuid not null,
        card_id uuid not null references loyalty.cards (id),
        transaction_id uuid references loyalty.transactions (id),
        earned int not null check (earned > 0),
        remaining int not null check (remaining >= 0 and remaining <= earned),
        expires_at timestamptz,
        expiring_notified_at timestamptz,
        created_at timestamptz not null default now()
      )`);
    this.addSql(`create index lots_open on loyalty.lots (card_id, expires_at nulls last, created_at) where remaining > 0`);
    this.addSql(`create index lots_due on loyalty.lots (expires_at) where remaining > 0 and expires_at is not null`);

    this.addSql(`alter table loyalty.ledger_entries rename column stamps to amount`);
    this.addSql(`alter table loyalty.ledger_entries
      alter column transaction_id drop not null,
      add column lot_id uuid references loyalty.lots (id),
      drop constraint ledger_entries_kind_check`);
    this.addSql(`update loyalty.ledger_entries set kind = case kind when 'stamp.earned' then 'earn' else 'convert' end`);
    // Stamps recorded before lots existed become one opening lot per card, holding every earlier entry,
    // so each lot's remaining still equals the sum of its entries.
    this.addSql(`insert into loyalty.lots (id, business_id, card_id, earned, remaining, created_at)
      select gen_random_uuid(), c.business_id, c.id, e.earned, c.balance, c.created_at
        from loyalty.cards c
        join (select card_id, sum(amount) filter (where amount > 0) as earned from loyalty.ledger_entries group by card_id) e on e.card_id = c.id`);
    this.addSql(`update loyalty.ledger_entries l set lot_id = lots.id from loyalty.lots where lots.card_id = l.card_id`);
    this.addSql(`alter table loyalty.ledger_entries
      add constraint ledger_entries_kind_check check (kind in ('earn', 'bonus', 'spend', 'convert', 'reverse_earn', 'reverse_spend', 'adjust', 'expire')),
      add constraint ledger_entries_amount_check check (amount <> 0)`);
    this.addSql(`create index ledger_lot on loyalty.ledger_entries (lot_id) where lot_id is not null`);
    this.addSql(`create index ledger_transaction on loyalty.ledger_entries (transaction_id) where transaction_id is not null`);

    this.addSql(`alter table loyalty.rewards
      add column catalog_reward_id uuid references loyalty.catalog_rewards (id),
      add column description text not null default '',
      add column card_number_completed int,
      add column redeemed_at timestamptz,
      add column redeemed_by_transaction_id uuid references loyalty.transactions (id),
      drop constraint rewards_status_check,
      add constraint rewards_status_check check (status in ('available', 'redeemed', 'cancelled'))`);

    this.addSql(`
      create table loyalty.redemption_codes (
        code_hash text primary key,
        business_id uuid not null,
        card_id uuid not null references loyalty.cards (id),
        reward_id uuid references loyalty.rewards (id),
        catalog_reward_id uuid references loyalty.catalog_rewards (id),
        expires_at timestamptz not null,
        used_at timestamptz,
        created_at timestamptz not null default now(),
        check ((reward_id is null) <> (catalog_reward_id is null))
      )`);

    this.addSql(`alter table customer.customers
      add column phone text,
      add column locale text,
      add column consents jsonb not null default '{}',
      add column deleted_at timestamptz,
      alter column email drop not null`);
  }
}
