import type { Consents } from '@loyalty/db/model';

export interface CustomerProfile {
  displayName: string;
  email: string | null;
  phone: string | null;
  locale: string | null;
  consents: Consents;
}

export interface SharedProfile {
  displayName: string | null;
  email: string | null;
  phone: string | null;
  locale: string | null;
}

/**
 * What of a customer's profile a business may take away in an export: each contact detail only
 * with the consent of its channel (email with `email`, phone with `sms`), and the name and locale
 * only next to a contact detail the customer agreed to. A customer who agreed to nothing is a card
 * number and its numbers, nothing more; so is a deleted one (their consents are emptied).
 */
export function sharedProfile(profile: CustomerProfile): SharedProfile {
  const email = profile.consents.email?.granted === true ? profile.email : null;
  const phone = profile.consents.sms?.granted === true ? profile.phone : null;
  const anyContact = email !== null || phone !== null;
  return { displayName: anyContact ? profile.displayName : null, email, phone, locale: anyContact ? profile.locale : null };
}
