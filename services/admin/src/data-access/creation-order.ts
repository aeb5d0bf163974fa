import { z } from 'zod';
import { decodeCursor, toPage, type Page } from '@loyalty/platform';

const position = z.object({ createdAt: z.iso.datetime(), key: z.string().min(1).max(200) });

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

/**
 * Lists page in creation order, ties broken by the row's key, so a page boundary never splits or
 * repeats rows that share a timestamp. Returns the filter for "after the cursor" and the order.
 */
export function creationOrder<K extends string>(key: K, cursor: string | undefined) {
  const after = decodeCursor(cursor, position);
  const where = after ? { $or: [{ createdAt: { $gt: new Date(after.createdAt) } }, { createdAt: new Date(after.createdAt), [key]: { $gt: after.key } }] } : {};
  return { where, orderBy: { createdAt: 'asc', [key]: 'asc' } as const };
}

export function creationPage<T extends { createdAt: Date }>(rows: T[], limit: number, keyOf: (row: T) => string): Page<T> {
  return toPage(rows, limit, (last) => ({ createdAt: last.createdAt.toISOString(), key: keyOf(last) }));
}
