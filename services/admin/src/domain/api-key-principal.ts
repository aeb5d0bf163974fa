import type { Principal } from '@loyalty/identity';

/** A POS terminal authenticated by its store's API key, standing where a staff principal would. */
export interface ApiKeyPrincipal extends Principal {
  apiKey: { id: string; businessId: string; storeId: string };
}

export function isApiKeyPrincipal(principal: Principal): principal is ApiKeyPrincipal {
  return 'apiKey' in principal;
}

const apiKeyRoutes: { method: string; path: RegExp }[] = [
  { method: 'POST', path: /^\/businesses\/[^/]+\/transactions$/ },
  { method: 'GET', path: /^\/businesses\/[^/]+\/transactions\/[^/]+$/ },
];

/** A POS key records transactions and redemptions and reads them back; nothing else. */
export function apiKeyMayCall(method: string, path: string): boolean {
  return apiKeyRoutes.some((route) => route.method === method && route.path.test(path));
}
