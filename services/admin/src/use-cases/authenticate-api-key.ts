import { AppError } from '@loyalty/platform';
import { ApiKey, type EntityManager } from '@loyalty/db';
import type { ApiKeyPrincipal } from '../data-access/staff-access.js';
import { parseApiKey, secretMatches } from '../domain/api-key-secret.js';

export type UsageRecorder = (em: EntityManager, keyId: string) => Promise<void>;

/** Unknown, malformed and revoked keys all answer the same 401, so a guess learns nothing. */
export async function authenticateApiKey(em: EntityManager, presented: string, recordUsage: UsageRecorder): Promise<ApiKeyPrincipal> {
  const parsed = parseApiKey(presented);
  const apiKey = parsed ? await em.findOne(ApiKey, { id: parsed.id }) : null;
  if (!parsed || !apiKey || apiKey.revokedAt || !secretMatches(parsed.secret, apiKey.secretHash)) {
    throw AppError.unauthorized('The API key is not valid');
  }
  await recordUsage(em, apiKey.id);
  return {
    sub: `api-key:${apiKey.id}`,
    username: apiKey.prefix,
    groups: [],
    token: '',
    expiresAt: new Date(8.64e15),
    apiKey: { id: apiKey.id, businessId: apiKey.businessId, storeId: apiKey.storeId },
  };
}
