import type { components } from '@loyalty/api-clients/customer';

type Card = components['schemas']['Card'];
type CardQr = components['schemas']['CardQr'];

/** The last card and QR the app saw, so the card can still be shown at a counter with no signal. */
export interface SavedCard {
  card?: Card;
  qr?: CardQr;
  savedAt: string;
}

const key = (cardId: string) => `loyalty.card.${cardId}`;

export function savedCard(cardId: string): SavedCard | undefined {
  try {
    const raw = localStorage.getItem(key(cardId));
    return raw ? (JSON.parse(raw) as SavedCard) : undefined;
  } catch {
    return undefined;
  }
}

export function saveCard(cardId: string, part: { card?: Card; qr?: CardQr }): void {
  localStorage.setItem(key(cardId), JSON.stringify({ ...savedCard(cardId), ...part, savedAt: new Date().toISOString() }));
}

export function forgetSavedCards(): void {
  for (const name of Object.keys(localStorage)) if (name.startsWith('loyalty.card.')) localStorage.removeItem(name);
}
