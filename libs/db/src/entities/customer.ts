import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const consentChannels = ['email', 'sms', 'push', 'marketing'] as const;
export type ConsentChannel = (typeof consentChannels)[number];

/** Per channel: whether the customer agreed, and when they last said so. */
export type Consents = Partial<Record<ConsentChannel, { granted: boolean; at: string }>>;

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
