import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A POS terminal's key for one store. The secret itself is never stored, only its hash. */
export const ApiKey = defineEntity({
  name: 'ApiKey',
  schema: 'business',
  tableName: 'api_keys',
  properties: {
    id: p.uuid().primary(),
    businessId: p.uuid(),
    storeId: p.uuid(),
    name: p.text(),
    prefix: p.text(),
    secretHash: p.text(),
    createdBy: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
    lastUsedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
  },
});
export type ApiKey = InferEntity<typeof ApiKey>;
