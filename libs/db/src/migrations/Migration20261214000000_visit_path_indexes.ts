import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes the visit path lacked at scale (`npm run bench:plans`: 100,000 cards, 10 million ledger entries).
 *
 * Every apply sums a card's ledger twice: its stamps since the start of the day (the daily limit) and
 * its whole balance. On `(card_id)` alone both read one heap page per entry the card ever had; with
 * the time and the summed columns in the index they are index-only scans of a few pages, and the
 * daily limit reads only today's entries. It serves every lookup by card, so it replaces `ledger_card`.
 *
 * The card lookup counts a customer's redeemed catalog rewards through their cards by `customer_id`,
 * which only the second column of `(program_id, customer_id)` held: a Seq Scan of every card.
 */
export class Migration20261214000000_visit_path_indexes extends Migration {
  override name = 'Migration20261214000000_visit_path_indexes';

  override up(): void {
    this.addSql(`create index ledger_card_time on loyalty.ledger_entries (card_id, created_at) include (kind, amount)`);
    this.addSql(`drop index loyalty.ledger_card`);
    this.addSql(`create index cards_customer on loyalty.cards (customer_id)`);
  }

  override down(): void {
    this.addSql(`drop index loyalty.cards_customer`);
    this.addSql(`create index ledger_card on loyalty.ledger_entries (card_id)`);
    this.addSql(`drop index loyalty.ledger_card_time`);
  }
}
