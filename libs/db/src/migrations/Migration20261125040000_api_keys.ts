import { Migration } from '@mikro-orm/migrations';

/** POS API keys: one store each, only a hash of the secret is kept. */
export class Migration20261125040000_api_keys extends Migration {
  override name = 'Migration20261125040000_api_keys';

  override up(): void {
    this.addSql(`
      create table business.api_keys (
        id uuid primary key,
        business_id uuid not null references business.businesses (id),
        store_id uuid not null references business.stores (id),
        name text not null,
        prefix text not null,
        secret_hash text not null,
        created_by text not null,
        created_at timestamptz not null default now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
    this.addSql(`create index api_keys_store on business.api_keys (business_id, store_id, created_at)`);
  }

  override down(): void {
    this.addSql(`drop table business.api_keys`);
  }
}
