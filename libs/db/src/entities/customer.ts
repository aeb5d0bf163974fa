import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const Customer = defineEntity({
  name: 'Customer',
  schema: 'customer',
  tableName: 'customers',
  properties: {
    id: p.uuid().primary(),
    cognitoSub: p.text().unique(),
    email: p.text(),
    displayName: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Customer = InferEntity<typeof Customer>;
