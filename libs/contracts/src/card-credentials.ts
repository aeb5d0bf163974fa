import { createHash, createHmac, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * The QR code a customer's app shows: `LC1.<cardId>.<issuedAtSeconds>.<signature>`, signed with a
 * secret both APIs share. The counter accepts it only with a valid signature and while it is fresh,
 * so a screenshot stops working and a forged card id is rejected.
 */
export function signCardQr(cardId: string, secret: string, now = new Date()): string {
  const body = `LC1.${cardId}.${Math.floor(now.getTime() / 1000)}`;
  return `${body}.${signature(body, secret)}`;
}

export type QrCheck = { valid: true; cardId: string } | { valid: false; reason: 'malformed' | 'signature' | 'expired' };

export function verifyCardQr(payload: string, secret: string, maxAgeSeconds: number, now = new Date()): QrCheck {
  const match = /^(LC1\.([0-9a-f-]{36})\.(\d{1,12}))\.([\w-]{43})$/.exec(payload.trim());
  if (!match) return { valid: false, reason: 'malformed' };
  const [, body, cardId, issuedAt, given] = match as unknown as [string, string, string, string, string];
  const expected = Buffer.from(signature(body, secret));
  if (expected.length !== given.length || !timingSafeEqual(expected, Buffer.from(given))) return { valid: false, reason: 'signature' };
  const age = Math.floor(now.getTime() / 1000) - Number(issuedAt);
  if (age > maxAgeSeconds || age < -60) return { valid: false, reason: 'expired' };
  return { valid: true, cardId };
}

function signature(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}

/** A one-time redemption code as the customer reads it out: 8 digits, two groups. */
export function newRedemptionCode(): string {
  return `${String(randomInt(0, 10_000)).padStart(4, '0')}-${String(randomInt(0, 10_000)).padStart(4, '0')}`;
}

/** Codes are stored hashed, scoped to the business, so a database read does not reveal usable codes. */
export function hashRedemptionCode(businessId: string, code: string): string {
  return createHash('sha256')
    .update(`${businessId}:${code.replace(/\D/g, '')}`)
    .digest('hex');
}
