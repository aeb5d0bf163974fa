import type { StaffRole } from '@loyalty/db';

/** What each action needs. Kept as data so the authorization table test can walk it. */
export const permissions = {
  configureBusiness: ['owner', 'admin'],
  configurePrograms: ['owner', 'admin', 'manager'],
  recordTransactions: ['owner', 'admin', 'manager', 'cashier'],
  readTransactions: ['owner', 'admin', 'manager', 'cashier'],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Permission = keyof typeof permissions;
