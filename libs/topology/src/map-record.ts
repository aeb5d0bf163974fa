/** Builds a record with the same keys as `source`, one awaited value per key, in order. */
export async function mapRecord<K extends string, V, R>(source: Record<K, V>, map: (key: K, value: V) => Promise<R>): Promise<Record<K, R>> {
  const result = {} as Record<K, R>;
  for (const key of Object.keys(source) as K[]) result[key] = await map(key, source[key]);
  return result;
}

export function arrayToRecord<K extends string>(keys: readonly K[]): Record<K, K> {
  return Object.fromEntries(keys.map((key) => [key, key])) as Record<K, K>;
}
