/** An access token a session was given, by its denylist key (`tokenKey`), until it expires (epoch seconds). */
export interface TrackedToken {
  key: string;
  expiresAt: number;
}

/**
 * A session remembers its live access tokens so signing it out can deny them all. Expired ones are
 * forgotten; past `limit` the oldest are retired (denied now: the device has a newer one), which keeps
 * the item small however often a device refreshes.
 */
export function trackToken(tokens: readonly TrackedToken[], added: TrackedToken, now: Date, limit = 20): { kept: TrackedToken[]; retired: TrackedToken[] } {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const live = [...tokens, added].filter((token) => token.expiresAt > nowSeconds).sort((a, b) => a.expiresAt - b.expiresAt);
  const cut = Math.max(0, live.length - limit);
  return { kept: live.slice(cut), retired: live.slice(0, cut) };
}
