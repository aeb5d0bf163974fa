import { Migration } from '@mikro-orm/migrations';

export class Migration20261125000000_foundation extends Migration {
  override name = 'Migration20261125000000_foundation';

  override up(): void {
    for (const schema of ['customer', 'business', 'loyalty', 'analytics', 'messaging']) {
      this.addSql(`create schema if not exists ${schema}`);
    }

    this.addSql(`
      create table messaging.outbox (
        id uuid primary key,
        aggregate_type text not null,
        aggregate_id text not null,
        event_type text not null,
        event_version int not null,
        topic text not null,
        business_id uuid not null,
        payload jsonb not null,
        headers jsonb not null,
        created_at timestamptz not null default now(),
        attempts int not null default 0,
        next_attempt_at timestamptz not null default now(),
        last_error text,
        published_at timestamptz,
        parked_at timestamptz
      )`);
    this.addSql(`create index outbox_due on messaging.outbox (next_attempt_at) where published_at is null and parked_at is null`);
    this.addSql(`create index outbox_published on messaging.outbox (published_at) where published_at is not null`);
    this.addSql(`
      create function messaging.notify_outbox() returns trigger language plpgsql as $$
      begin
        perform pg_notify('outbox', '');
        return null;
      end $$`);
    this.addSql(`create trigger outbox_notify after insert on messaging.outbox for each statement execute function messaging.notify_outbox()`);

    this.addSql(`
      create table messaging.inbox (
        consumer text not null,
        event_id uuid not null,
        event_type text not null,
        processed_at timestamptz not null default now(),
        primary key (consumer, event_id)
      )`);

    this.addSql(`
      create table business.businesses (
        id uuid primary key,
        name text not null,
        created_at timestamptz not null default now()
      )`);
    this.addSql(`
      create table business.staff_members (
        business_id uuid not null references business.businesses (id),
        cognito_sub text not null,
        username text not null,
        role text not null check (role in ('owner', 'admin', 'manager', 'cashier')),
        created_at timestamptz not null default now(),
        primary key (business_id, cognito_sub)
      )`);
    this.addSql(`
      create table business.brands (
        id uuid primary key,
        business_id uuid not null references business.businesses (id),
        name text not null,
        created_at timestamptz not null default now()
      )`);
    this.addSql(`create index brands_business on business.brands (business_id)`);
    this.addSql(`
      create table business.stores (
        id uuid primary key,
        business_id uuid not null references business.businesses (id),
        brand_id uuid not null references business.brands (id),
        name text not null,
        time_zone text not null,
        created_at timestamptz not null default now()
      )`);
    this.addSql(`create index stores_business on business.stores (business_id)`);

    this.addSql(`
      create table customer.customers (
        id uuid primary key,
        cognito_sub text not null unique,
        email text not null,
        display_name text not null,
        created_at timestamptz not null default now()
      )`);

    this.addSql(`
      create table loyalty.programs (
        id uuid primary key,
        business_id uuid not null references business.businesses (id),
        brand_id uuid not null references business.brands (id),
        name text not null,
        kind text not null check (kind in ('stamp')),
        stamps_required int not null check (stamps_required > 0),
        reward_description text not null,
        status text not null check (status in ('active')),
        created_at timestamptz not null default now()
      )`);
    this.addSql(`
      create table loyalty.cards (
        id uuid primary key,
        business_id uuid not null references business.businesses (id),
        program_id uuid not null references loyalty.programs (id),
        customer_id uuid not null references customer.customers (id),
        card_number text not null unique,
        stamps int not null default 0 check (stamps >= 0),
        rewards_earned int not null default 0,
        created_at timestamptz not null default now(),
        unique (program_id, customer_id)
      )`);
    this.addSql(`
      create table loyalty.transactions (
        id uuid primary key,
        business_id uuid not null references business.businesses (id),
        card_id uuid not null references loyalty.cards (id),
        store_id uuid not null references business.stores (id),
        kind text not null check (kind in ('visit')),
        pos_transaction_id text not null,
        status text not null check (status in ('pending', 'applied')),
        result jsonb,
        recorded_by text not null,
        created_at timestamptz not null default now(),
        applied_at timestamptz,
        unique (business_id, pos_transaction_id)
      )`);
    this.addSql(`
      create function loyalty.notify_transaction_applied() returns trigger language plpgsql as $$
      begin
        perform pg_notify('transaction_applied', new.id::text);
        return null;
      end $$`);
    this.addSql(`
      create trigger transaction_applied after update of status on loyalty.transactions
      for each row when (new.status = 'applied' and old.status <> 'applied')
      execute function loyalty.notify_transaction_applied()`);
    this.addSql(`
      create table loyalty.ledger_entries (
        id uuid primary key,
        business_id uuid not null,
        card_id uuid not null references loyalty.cards (id),
        transaction_id uuid not null references loyalty.transactions (id),
        kind text not null check (kind in ('stamp.earned', 'stamps.converted')),
        stamps int not null,
        created_at timestamptz not null default now()
      )`);
    this.addSql(`create index ledger_card on loyalty.ledger_entries (card_id)`);
    this.addSql(`
      create table loyalty.rewards (
        id uuid primary key,
        business_id uuid not null,
        card_id uuid not null references loyalty.cards (id),
        program_id uuid not null references loyalty.programs (id),
        transaction_id uuid not null references loyalty.transactions (id),
        status text not null check (status in ('available')),
        unlocked_at timestamptz not null default now()
      )`);
    this.addSql(`create index rewards_card on loyalty.rewards (card_id)`);
  }
}
