import { createHash } from 'node:crypto';

/**
 * What a POS request asked for, independent of key order: a replay with the same posTransactionId
 * must ask for exactly the same thing, or it is a reused key rather than a retry.
 */
export function requestFingerprint(request: Record<string, unknown>): string {
  const { posTransactionId: _key, ...content } = request;
  return createHash('sha256').update(canonicalJson(content)).digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
