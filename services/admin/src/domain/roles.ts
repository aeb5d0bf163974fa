import type { StaffRole } from '@loyalty/db/model';

/** What each action needs. Kept as data so the authorization table test can walk it. */
export const permissions = {
  configureBusiness: ['owner', 'admin'],
  manageStaff: ['owner', 'admin'],
  /** Exports hold every customer and transaction of the business: the same people who run the business. */
  exportData: ['owner', 'admin'],
  runCampaigns: ['owner', 'admin'],
  /** Who signed in from where and who changed what: for the people who answer for the business. */
  readAudit: ['owner', 'admin'],
  configurePrograms: ['owner', 'admin', 'manager'],
  adjustBalances: ['owner', 'admin', 'manager'],
  recordTransactions: ['owner', 'admin', 'manager', 'cashier'],
  readTransactions: ['owner', 'admin', 'manager', 'cashier'],
  readConfiguration: ['owner', 'admin', 'manager', 'cashier'],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Permission = keyof typeof permissions;

export function roleAllows(role: StaffRole, permission: Permission): boolean {
  return (permissions[permission] as readonly StaffRole[]).includes(role);
}
