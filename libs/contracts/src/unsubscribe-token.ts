import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The token of a marketing mail's one-click unsubscribe link: `U1.<customerId>.<businessId>.<signature>`,
 * signed with a secret the notifier (which writes the links) and the customer API (which honours them)
 * share. It does not expire: RFC 8058 links must keep working for as long as the mail is kept.
 */
export function signUnsubscribeToken(customerId: string, businessId: string, secret: string): string {
  const body = `U1.${customerId}.${businessId}`;
  return `${body}.${signature(body, secret)}`;
}

export type UnsubscribeCheck = { valid: true; customerId: string; businessId: string } | { valid: false };

const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const tokenPattern = new RegExp(`^(U1\\.(${uuid})\\.(${uuid}))\\.([\\w-]{43})$`);

export function verifyUnsubscribeToken(token: string, secret: string): UnsubscribeCheck {
  const match = tokenPattern.exec(token);
  if (!match) return { valid: false };
  const [, body, customerId, businessId, given] = match as unknown as [string, string, string, string, string];
  const expected = Buffer.from(signature(body, secret));
  if (expected.length !== given.length || !timingSafeEqual(expected, Buffer.from(given))) return { valid: false };
  return { valid: true, customerId, businessId };
}

function signature(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}
