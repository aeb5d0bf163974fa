import { randomUUID } from 'node:crypto';
import { AppError } from '@loyalty/platform';
import { ApiKey, Store, type EntityManager } from '@loyalty/db';
import type { Principal } from '@loyalty/identity';
import { recordSecurityEvent, type RequestOrigin } from '@loyalty/outbox';
import { requireStaff } from '../data-access/staff-access.js';
import { newApiKeySecret } from '../domain/api-key-secret.js';

export interface StoreScope {
  businessId: string;
  storeId: string;
}

export interface IssuedApiKey {
  apiKey: ApiKey;
  key: string;
}

/** Issues a key for one store; the full key is returned here and never again. */
export async function issueApiKey(em: EntityManager, principal: Principal, scope: StoreScope, name: string, origin: RequestOrigin): Promise<IssuedApiKey> {
  await requireStaff(em, principal, scope.businessId, 'configureBusiness');
  await findStore(em, scope);
  const id = randomUUID();
  const { key, prefix, secretHash } = newApiKeySecret(id);
  return em.transactional(async (tx) => {
    const apiKey = tx.create(ApiKey, {
      id,
      businessId: scope.businessId,
      storeId: scope.storeId,
      name,
      prefix,
      secretHash,
      createdBy: principal.sub,
      lastUsedAt: null,
      revokedAt: null,
    });
    await recordSecurityEvent(
      tx,
      scope.businessId,
      { action: 'api_key.issued', actor: staffActor(principal), subject: { type: 'api_key', id }, details: { storeId: scope.storeId, prefix } },
      origin,
    );
    return { apiKey, key };
  });
}

export async function listApiKeys(em: EntityManager, principal: Principal, scope: StoreScope): Promise<ApiKey[]> {
  await requireStaff(em, principal, scope.businessId, 'configureBusiness');
  await findStore(em, scope);
  return em.find(ApiKey, { businessId: scope.businessId, storeId: scope.storeId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
}

/** Revoked at once: the next request with the key is refused. Revoking twice changes nothing. */
export async function revokeApiKey(em: EntityManager, principal: Principal, scope: StoreScope, keyId: string, origin: RequestOrigin): Promise<void> {
  await requireStaff(em, principal, scope.businessId, 'configureBusiness');
  await em.transactional(async (tx) => {
    const apiKey = await tx.findOne(ApiKey, { id: keyId, businessId: scope.businessId, storeId: scope.storeId });
    if (!apiKey) throw AppError.notFound('API key');
    if (apiKey.revokedAt) return;
    apiKey.revokedAt = new Date();
    await recordSecurityEvent(
      tx,
      scope.businessId,
      {
        action: 'api_key.revoked',
        actor: staffActor(principal),
        subject: { type: 'api_key', id: keyId },
        details: { storeId: scope.storeId, prefix: apiKey.prefix },
      },
      origin,
    );
  });
}

async function findStore(em: EntityManager, scope: StoreScope): Promise<void> {
  if (!(await em.findOne(Store, { id: scope.storeId, businessId: scope.businessId }))) throw AppError.notFound('Store');
}

function staffActor(principal: Principal) {
  return { type: 'staff' as const, id: principal.sub, username: principal.username };
}
