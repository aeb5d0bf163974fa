/**
 * `@loyalty/db/model`: the data model without the database, for pure domain modules. Values are zod
 * schemas and enumerations only; the entity types are types, erased at run time.
 */
export * from './entities/vocabulary.js';
export * from './entities/program-rules.js';
export * from './entities/analytics-vocabulary.js';
export type { Business, Brand, Store, StaffMember, BrandContact, StoreAddress, OpeningPeriod } from './entities/business.js';
export type { Customer } from './entities/customer.js';
export type { Program, CatalogReward, Card, LoyaltyTransaction, Lot, LedgerEntry, Reward, RedemptionCode } from './entities/loyalty.js';
export type { DataExport } from './entities/data-export.js';
