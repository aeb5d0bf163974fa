import { randomUUID } from 'node:crypto';
import { AppError } from '@loyalty/platform';
import { Customer, type EntityManager } from '@loyalty/db';
import type { Principal } from '@loyalty/identity';
import type { ProfileSource } from '../data-access/cognito-profile.js';

/**
 * The customer record behind a token, created on first sight from the Cognito profile. A deleted
 * account's tokens stay cryptographically valid until they expire, so the deletion mark is what
 * shuts them out.
 */
export async function currentCustomer(em: EntityManager, principal: Principal, profiles: ProfileSource): Promise<Customer> {
  const customer = (await em.findOne(Customer, { cognitoSub: principal.sub })) ?? (await firstSight(em, principal, profiles));
  if (customer.deletedAt) throw AppError.unauthorized('This account has been deleted');
  return customer;
}

async function firstSight(em: EntityManager, principal: Principal, profiles: ProfileSource): Promise<Customer> {
  const profile = await profiles(principal.token);
  await em.execute(`insert into customer.customers (id, cognito_sub, email, display_name) values (?, ?, ?, ?) on conflict (cognito_sub) do nothing`, [
    randomUUID(),
    principal.sub,
    profile.email,
    profile.displayName,
  ]);
  return em.findOneOrFail(Customer, { cognitoSub: principal.sub });
}
