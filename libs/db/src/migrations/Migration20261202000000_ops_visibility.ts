import { Migration } from '@mikro-orm/migrations';

/**
 * What ops need to see that SQS and the relays do not keep: why a consumer failed a message (redrive
 * to the DLQ carries no reason), and which relays are running with what breaker state.
 */
export class Migration20261202000000_ops_visibility extends Migration {
  override name = 'Migration20261202000000_ops_visibility';

  override up(): void {
    this.addSql(`
      create table messaging.consumer_failures (
        message_id text not null,
        consumer text not null,
        event_id uuid,
        event_type text,
        business_id uuid,
        reason text not null,
        receive_count int not null,
        first_failed_at timestamptz not null default now(),
        last_failed_at timestamptz not null default now(),
        primary key (message_id, consumer)
      )`);
    this.addSql(`create index consumer_failures_last_failed on messaging.consumer_failures (last_failed_at)`);

    this.addSql(`
      create table messaging.relay_heartbeats (
        relay_id text primary key,
        host text not null,
        pid int not null,
        breaker_state text not null,
        interval_ms int not null,
        started_at timestamptz not null default now(),
        beat_at timestamptz not null default now()
      )`);
  }

  override down(): void {
    this.addSql(`drop table messaging.relay_heartbeats`);
    this.addSql(`drop table messaging.consumer_failures`);
  }
}
