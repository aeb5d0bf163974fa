import { Card } from '@loyalty/db';
import { openRulesUnit } from '../src/data-access/rules-unit.js';
import { balanceOf, createShop, openTestDb, type TestDb } from './support/shop.js';

let db: TestDb;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(() => db.stop());

describe('the rules unit', () => {
  it('takes back a flush the rules made before they rejected', async () => {
    const shop = await createShop(db.orm, { kind: 'stamp', rules: {} });
    await db.orm.em.fork().transactional(async (em) => {
      const rules = openRulesUnit(em);
      const card = await rules.em.findOneOrFail(Card, { id: shop.cardId });
      card.balance = 7;
      await rules.em.flush();
      await rules.rollBack();
    });
    expect(await balanceOf(db.orm, shop.cardId)).toBe(0);
  });

  it('takes no savepoint for a flush that writes nothing, nor for one once the rules are decided', async () => {
    const shop = await createShop(db.orm, { kind: 'stamp', rules: {} });
    await db.orm.em.fork().transactional(async (em) => {
      const rules = openRulesUnit(em);
      const card = await rules.em.findOneOrFail(Card, { id: shop.cardId });
      await rules.em.flush();
      rules.decided();
      card.balance = 3;
      await rules.em.flush();
      // With a savepoint from either flush, this would take the balance back.
      await rules.rollBack();
    });
    expect(await balanceOf(db.orm, shop.cardId)).toBe(3);
  });
});
