export { openDatabase, migrate, ormConfig, entities, type OrmOptions } from './orm.js';
export * from './entities/business.js';
export * from './entities/customer.js';
export * from './entities/api-key.js';
export * from './entities/data-export.js';
export * from './entities/loyalty.js';
export type { MikroORM, EntityManager } from '@mikro-orm/postgresql';
export * from './entities/program-rules.js';
export * from './entities/vocabulary.js';
