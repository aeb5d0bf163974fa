import { z } from 'zod';
import { AppError } from './errors.js';

/** Query parameters of every list: `limit` and the opaque `cursor` a previous page handed out. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Keyset pagination: the cursor carries the sort key of the last item (e.g. createdAt and id), so
 * pages stay stable while rows are added, and no offset scan grows with the page number.
 */
export function encodeCursor(position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor<T extends z.ZodType>(cursor: string | undefined, shape: T): z.infer<T> | undefined {
  if (cursor === undefined) return undefined;
  try {
    return shape.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw AppError.badRequest('INVALID_CURSOR', 'The cursor is not one this API handed out');
  }
}

/** Fetch limit + 1 rows; this trims the extra one and turns its presence into the next cursor. */
export function toPage<T>(rows: T[], limit: number, positionOf: (last: T) => Record<string, string | number>): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(positionOf(last)) : null };
}
