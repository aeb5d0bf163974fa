import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { Brand, Business, StaffMember, Store } from './entities/business.js';
import { Customer } from './entities/customer.js';
import { Card, LedgerEntry, LoyaltyTransaction, Program, Reward } from './entities/loyalty.js';
import { migrations } from './migrations/index.js';

export const entities = [Business, StaffMember, Brand, Store, Customer, Program, Card, LoyaltyTransaction, LedgerEntry, Reward];

export interface OrmOptions {
  databaseUrl: string;
  poolMax?: number;
  debug?: boolean;
}

export function ormConfig({ databaseUrl, poolMax = 10, debug = false }: OrmOptions): Options {
  return {
    clientUrl: databaseUrl,
    entities,
    extensions: [Migrator],
    pool: { min: 0, max: poolMax },
    debug,
    allowGlobalContext: false,
    migrations: { migrationsList: migrations, tableName: 'mikro_orm_migrations', allOrNothing: true, transactional: true, snapshot: false },
  };
}

export async function openDatabase(options: OrmOptions): Promise<MikroORM> {
  return MikroORM.init(ormConfig(options));
}

export async function migrate(orm: MikroORM): Promise<void> {
  await orm.migrator.up();
}
