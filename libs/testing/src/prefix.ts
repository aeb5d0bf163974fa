import { randomBytes } from 'node:crypto';

/** A resource-name prefix of its own for each test file, so files share emulators but not queues. */
export function uniquePrefix(label = 't'): string {
  return `${label}-${randomBytes(3).toString('hex')}`;
}
