import { Migration } from '@mikro-orm/migrations';

/**
 * Lots and rewards are looked up by the transaction that made them, and nothing indexed that: the
 * analytics facts of every settled transaction count its unlocked rewards, and a void or refund finds
 * the lots of what it reverses. With 10 million ledger entries (`npm run bench -- --scale`) each read
 * was a scan of every reward (about 475,000) or every lot (5 million). The indexes also serve the
 * foreign keys' checks when a transaction is deleted.
 */
export class Migration20261216000000_transaction_reference_indexes extends Migration {
  override name = 'Migration20261216000000_transaction_reference_indexes';

  override up(): void {
    this.addSql(`create index lots_transaction on loyalty.lots (transaction_id)`);
    this.addSql(`create index rewards_transaction on loyalty.rewards (transaction_id)`);
    this.addSql(`create index rewards_redeemed_by on loyalty.rewards (redeemed_by_transaction_id) where redeemed_by_transaction_id is not null`);
  }

  override down(): void {
    this.addSql(`drop index loyalty.rewards_redeemed_by`);
    this.addSql(`drop index loyalty.rewards_transaction`);
    this.addSql(`drop index loyalty.lots_transaction`);
  }
}
