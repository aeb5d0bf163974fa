import { Migration } from '@mikro-orm/migrations';

/** The plan picks a business's general rate limit: standard 1,000 requests an hour, pro 10,000. */
export class Migration20261125050000_business_plan extends Migration {
  override name = 'Migration20261125050000_business_plan';

  override up(): void {
    this.addSql(`alter table business.businesses add column plan text not null default 'standard' check (plan in ('standard', 'pro'))`);
  }

  override down(): void {
    this.addSql(`alter table business.businesses drop column plan`);
  }
}
