import { Migration } from '@mikro-orm/migrations';

/**
 * Every apply sums a card's ledger twice: its stamps since the start of the day (the daily limit) and
 * its whole balance. On `(card_id)` alone both read one heap page per entry the card ever had (66
 * pages for a card of 100 entries at 10 million entries); with the time and the summed columns in the
 * index they are index-only scans of a few pages, the daily limit reads only today's entries. It
 * serves every lookup by card, so it replaces `ledger_card`.
 */
export class Migration20261214000000_ledger_card_time extends Migration {
  override name = 'Migration20261214000000_ledger_card_time';

  override up(): void {
    this.addSql(`create index ledger_card_time on loyalty.ledger_entries (card_id, created_at) include (kind, amount)`);
    this.addSql(`drop index loyalty.ledger_card`);
  }

  override down(): void {
    this.addSql(`create index ledger_card on loyalty.ledger_entries (card_id)`);
    this.addSql(`drop index loyalty.ledger_card_time`);
  }
}
