import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { Brand, Business, StaffMember, Store } from './entities/business.js';
import { Customer } from './entities/customer.js';
import { ApiKey } from './entities/api-key.js';
import { DataExport } from './entities/data-export.js';
import { Card, CatalogReward, LedgerEntry, Lot, LoyaltyTransaction, Program, RedemptionCode, Reward } from './entities/loyalty.js';
import { migrations } from './migrations/index.js';
import { defaultSessionLimits, sessionSettings, type SessionLimits } from './session-limits.js';

export const entities = [
  Business,
  StaffMember,
  Brand,
  Store,
  Customer,
  Program,
  CatalogReward,
  Card,
  LoyaltyTransaction,
  Lot,
  LedgerEntry,
  Reward,
  RedemptionCode,
  ApiKey,
  DataExport,
];

export interface OrmOptions {
  databaseUrl: string;
  poolMax?: number;
  debug?: boolean;
  sessionLimits?: SessionLimits;
}

export function ormConfig({ databaseUrl, poolMax = 10, debug = false, sessionLimits = defaultSessionLimits }: OrmOptions): Options {
  return {
    clientUrl: databaseUrl,
    driverOptions: { ssl: tlsFromUrl(databaseUrl), ...sessionSettings(sessionLimits) },
    entities,
    extensions: [Migrator],
    pool: { min: 0, max: poolMax },
    debug,
    allowGlobalContext: false,
    migrations: { migrationsList: migrations, silent: true, tableName: 'mikro_orm_migrations', allOrNothing: true, transactional: true, snapshot: false },
  };
}

/**
 * MikroORM reads only host, port, user, password and database from the URL, so `sslmode` would be
 * dropped and RDS (rds.force_ssl) would refuse the connection. The values follow pg's own reading.
 */
function tlsFromUrl(databaseUrl: string): false | { rejectUnauthorized: boolean } {
  const mode = new URL(databaseUrl).searchParams.get('sslmode');
  if (mode === null || mode === 'disable') return false;
  return { rejectUnauthorized: mode !== 'no-verify' };
}

export async function openDatabase(options: OrmOptions): Promise<MikroORM> {
  return MikroORM.init(ormConfig(options));
}

/** Applies pending migrations; returns the names of those it applied. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.migrator.up();
  return applied.map((migration) => migration.name);
}
