import { Migration } from '@mikro-orm/migrations';

/**
 * A customer's own data export (GDPR) is an export like a business's, produced by the same exporter:
 * its row belongs to the customer instead of a business, and only it is of kind `personal-data`.
 */
export class Migration20261213900000_customer_exports extends Migration {
  override name = 'Migration20261213900000_customer_exports';

  override up(): void {
    this.addSql(`alter table business.exports alter column business_id drop not null`);
    this.addSql(`alter table business.exports add column customer_id uuid references customer.customers (id)`);
    this.addSql(`alter table business.exports drop constraint exports_kind_check`);
    this.addSql(
      `alter table business.exports add constraint exports_kind_check check (kind in ('transactions', 'customers', 'ledger', 'analytics', 'personal-data'))`,
    );
    this.addSql(
      `alter table business.exports add constraint exports_owner check ((business_id is null) <> (customer_id is null) and (customer_id is not null) = (kind = 'personal-data'))`,
    );
    this.addSql(`create index exports_customer on business.exports (customer_id, created_at desc, id desc) where customer_id is not null`);
  }

  override down(): void {
    this.addSql(`delete from business.exports where customer_id is not null`);
    this.addSql(`drop index business.exports_customer`);
    this.addSql(`alter table business.exports drop constraint exports_owner`);
    this.addSql(`alter table business.exports drop constraint exports_kind_check`);
    this.addSql(`alter table business.exports add constraint exports_kind_check check (kind in ('transactions', 'customers', 'ledger', 'analytics'))`);
    this.addSql(`alter table business.exports drop column customer_id`);
    this.addSql(`alter table business.exports alter column business_id set not null`);
  }
}
