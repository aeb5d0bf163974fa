import { Migration } from '@mikro-orm/migrations';

/**
 * Active customers as bitmaps, so that a range's distinct count is an OR of a few rows per day
 * instead of a distinct over every customer-day of the range. Each customer gets a dense ordinal
 * per business; `daily_active` keeps, per business × store × program × day, the bits of the
 * customers active there, also rolled up to every store and every program (the id
 * ffffffff-ffff-ffff-ffff-ffffffffffff). `daily_customers` stays the set these are derived from.
 * The aggregates already counted are backfilled here, as the rebuild computes them.
 */
export class Migration20261213000100_active_customer_bitmaps extends Migration {
  override name = 'Migration20261213000100_active_customer_bitmaps';

  override up(): void {
    this.addSql(`
      create table analytics.customer_ordinals (
        business_id uuid not null,
        customer_id uuid not null,
        ordinal int not null,
        primary key (business_id, customer_id),
        unique (business_id, ordinal)
      )`);
    this.addSql(`
      create table analytics.ordinal_counters (
        business_id uuid primary key,
        next_ordinal int not null
      )`);
    this.addSql(`
      create table analytics.daily_active (
        business_id uuid not null,
        store_id uuid not null,
        program_id uuid not null,
        day date not null,
        chunk int not null,
        members bit(4096) not null,
        primary key (business_id, store_id, program_id, day, chunk)
      )`);
    this.addSql(`
      insert into analytics.customer_ordinals (business_id, customer_id, ordinal)
      select business_id, customer_id, row_number() over (partition by business_id order by first_day, customer_id) - 1
        from (select business_id, customer_id, min(day) as first_day from analytics.daily_customers group by business_id, customer_id) seen`);
    this.addSql(`
      insert into analytics.ordinal_counters (business_id, next_ordinal)
      select business_id, max(ordinal) + 1 from analytics.customer_ordinals group by business_id`);
    this.addSql(`
      insert into analytics.daily_active (business_id, store_id, program_id, day, chunk, members)
      select d.business_id, g.store_id, g.program_id, d.day, o.ordinal / 4096, bit_or(B'1'::bit(4096) >> (o.ordinal % 4096))
        from analytics.daily_customers d
        join analytics.customer_ordinals o on o.business_id = d.business_id and o.customer_id = d.customer_id
        cross join lateral (values (d.store_id, d.program_id), (d.store_id, 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid),
                                   ('ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid, d.program_id),
                                   ('ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid)) g (store_id, program_id)
       group by d.business_id, g.store_id, g.program_id, d.day, o.ordinal / 4096`);
  }

  override down(): void {
    for (const table of ['daily_active', 'ordinal_counters', 'customer_ordinals']) {
      this.addSql(`drop table analytics.${table}`);
    }
  }
}
