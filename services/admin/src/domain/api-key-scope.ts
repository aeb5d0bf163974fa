const apiKeyRoutes: { method: string; path: RegExp }[] = [
  { method: 'POST', path: /^\/businesses\/[^/]+\/transactions$/ },
  { method: 'GET', path: /^\/businesses\/[^/]+\/transactions\/[^/]+$/ },
];

/** A POS key records transactions and redemptions and reads them back; nothing else. */
export function apiKeyMayCall(method: string, path: string): boolean {
  return apiKeyRoutes.some((route) => route.method === method && route.path.test(path));
}
