import type { EntityManager } from '@loyalty/db';

/**
 * The unit of work a transaction's rules run in, on the caller's database transaction. A rule may
 * reject after it has changed lots, the ledger or the card: what had not reached the database goes
 * with the discarded unit, and what had is taken back to a savepoint. The unit takes that savepoint
 * only when one of its flushes would write while the rules may still reject; a visit's rules write
 * nothing before they are decided, so it needs none (two round trips fewer).
 */
export interface RulesUnit {
  em: EntityManager;
  /** Nothing after this rejects: later flushes need no savepoint. */
  decided(): void;
  /** Takes back whatever the rules wrote; the unit is not used again. */
  rollBack(): Promise<void>;
}

const savepoint = 'processor_rules';

export function openRulesUnit(em: EntityManager): RulesUnit {
  let decided = false;
  let saved = false;
  const unit = em.fork({ clear: true, keepTransactionContext: true, freshEventManager: true });
  unit.getEventManager().registerSubscriber({
    // onFlush runs once the change sets are known and before any of them is written.
    onFlush: async ({ uow }) => {
      if (decided || saved || uow.getChangeSets().length === 0) return;
      await em.execute(`savepoint ${savepoint}`);
      saved = true;
    },
  });
  return {
    em: unit,
    decided: () => {
      decided = true;
    },
    rollBack: async () => {
      if (saved) await em.execute(`rollback to savepoint ${savepoint}`);
    },
  };
}
