import type { Customer, EntityManager } from '@loyalty/db';

export interface ProfileChanges {
  displayName?: string;
  phone?: string | null;
  locale?: string | null;
}

export async function updateProfile(em: EntityManager, customer: Customer, changes: ProfileChanges): Promise<Customer> {
  if (changes.displayName !== undefined) customer.displayName = changes.displayName;
  if (changes.phone !== undefined) customer.phone = changes.phone;
  if (changes.locale !== undefined) customer.locale = changes.locale;
  await em.flush();
  return customer;
}
