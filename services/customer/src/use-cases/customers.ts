import { randomUUID } from 'node:crypto';
import { Customer, type EntityManager } from '@loyalty/db';
import type { Principal } from '@loyalty/identity';
import type { ProfileSource } from '../data-access/cognito-profile.js';

/** The customer record behind a token, created on first sight from the Cognito profile. */
export async function currentCustomer(em: EntityManager, principal: Principal, profiles: ProfileSource): Promise<Customer> {
  const existing = await em.findOne(Customer, { cognitoSub: principal.sub });
  if (existing) return existing;
  const profile = await profiles(principal.token);
  await em.execute(
    `insert into customer.customers (id, cognito_sub, email, display_name) values (?, ?, ?, ?) on conflict (cognito_sub) do nothing`,
    [randomUUID(), principal.sub, profile.email, profile.displayName],
  );
  return em.findOneOrFail(Customer, { cognitoSub: principal.sub });
}
