import { Migration } from '@mikro-orm/migrations';

/**
 * The `transaction_applied` notification carries what settling changed (status, result, rejection,
 * applied_at) as JSON, so a request waiting on `Prefer: wait` answers without reading the row again.
 * NOTIFY payloads stop at 8000 bytes: a larger one would fail the processor's commit, so past that
 * the payload is the id alone, as before, and the waiter reads the row.
 */
export class Migration20261215000000_settled_notification extends Migration {
  override name = 'Migration20261215000000_settled_notification';

  override up(): void {
    this.addSql(`
      create or replace function loyalty.notify_transaction_applied() returns trigger language plpgsql as $$
      declare
        settled text := json_build_object('id', new.id, 'status', new.status, 'result', new.result, 'rejection', new.rejection, 'applied_at', new.applied_at)::text;
      begin
        perform pg_notify('transaction_applied', case when octet_length(settled) < 7900 then settled else new.id::text end);
        return null;
      end $$`);
  }

  override down(): void {
    this.addSql(`
      create or replace function loyalty.notify_transaction_applied() returns trigger language plpgsql as $$
      begin
        perform pg_notify('transaction_applied', new.id::text);
        return null;
      end $$`);
  }
}
