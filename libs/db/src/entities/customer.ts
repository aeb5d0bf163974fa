import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { Consents } from './vocabulary.js';

export const Customer = defineEntity({
  name: 'Customer',
  schema: 'customer',
  tableName: 'customers',
  properties: {
    id: p.uuid().primary(),
    cognitoSub: p.text().unique(),
    /** Null once the account is deleted: personal data goes, the ledger's numbers stay. */
    email: p.text().nullable(),
    displayName: p.text(),
    phone: p.text().nullable(),
    locale: p.text().nullable(),
    consents: p.json<Consents>(),
    deletedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Customer = InferEntity<typeof Customer>;
