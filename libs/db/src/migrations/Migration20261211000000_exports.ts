import { Migration } from '@mikro-orm/migrations';

/**
 * Data exports: the request (kind, format, filters, who asked), the exporter's progress and the
 * S3 object it produced. The multipart upload id of the attempt in flight is kept so that the next
 * attempt after a crash can abort it; `claimed_until` keeps two deliveries from producing it at once.
 */
export class Migration20261211000000_exports extends Migration {
  override name = 'Migration20261211000000_exports';

  override up(): void {
    this.addSql(`
      create table business.exports (
        id uuid primary key,
        business_id uuid not null references business.businesses (id),
        kind text not null check (kind in ('transactions', 'customers', 'ledger', 'analytics')),
        format text not null check (format in ('csv', 'jsonl')),
        filters jsonb not null default '{}',
        status text not null default 'pending' check (status in ('pending', 'running', 'ready', 'failed')),
        rows bigint not null default 0,
        bytes bigint,
        object_key text not null,
        upload_id text,
        attempts int not null default 0,
        claimed_until timestamptz,
        error text,
        requested_by text not null,
        requester_email text,
        email_link text,
        created_at timestamptz not null default now(),
        started_at timestamptz,
        completed_at timestamptz
      )`);
    this.addSql(`create index exports_business on business.exports (business_id, created_at desc, id desc)`);
  }

  override down(): void {
    this.addSql(`drop table business.exports`);
  }
}
