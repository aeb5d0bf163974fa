/**
 * The words the rows are written in: enumerations and JSON shapes, with no database code, so that
 * pure domain modules can use them (through `@loyalty/db/model`).
 */

export const staffRoles = ['owner', 'admin', 'manager', 'cashier'] as const;
export type StaffRole = (typeof staffRoles)[number];

/** A business's plan: it picks its general rate limit (docs/identity.md); changed by the platform, not by the business. */
export const businessPlans = ['standard', 'pro'] as const;
export type BusinessPlan = (typeof businessPlans)[number];

export const consentChannels = ['email', 'sms', 'push', 'marketing'] as const;
export type ConsentChannel = (typeof consentChannels)[number];

/** Per channel: whether the customer agreed, and when they last said so. */
export type Consents = Partial<Record<ConsentChannel, { granted: boolean; at: string }>>;

export const programKinds = ['stamp', 'points'] as const;
export type ProgramKind = (typeof programKinds)[number];
export const programStatuses = ['draft', 'active', 'paused', 'ended'] as const;
export type ProgramStatus = (typeof programStatuses)[number];

export const cardStatuses = ['active', 'suspended', 'closed'] as const;

export const transactionKinds = ['visit', 'purchase', 'redemption', 'void', 'refund', 'adjustment', 'bonus'] as const;
export type TransactionKind = (typeof transactionKinds)[number];

export interface TransactionRejection {
  code: string;
  detail: string;
}

/** What applying a transaction did, shown to the cashier and kept for reversals. */
export interface TransactionResult {
  /** Net change of the card balance (stamps or points). */
  delta: number;
  balanceAfter: number;
  earned?: number;
  spent?: number;
  rewardsUnlocked?: number;
  tier?: string | null;
  /** For purchases: the amount points were computed on, and how. */
  eligibleAmount?: number;
  multiplier?: number;
  /** For reversals: what could not be taken back because it was already spent. */
  unrecovered?: number;
  note?: string;
  [key: string]: unknown;
}

export const ledgerKinds = ['earn', 'bonus', 'spend', 'convert', 'reverse_earn', 'reverse_spend', 'adjust', 'expire'] as const;
export type LedgerKind = (typeof ledgerKinds)[number];

/** What a business's owners and admins export. */
export const businessExportKinds = ['transactions', 'customers', 'ledger', 'analytics'] as const;
export type BusinessExportKind = (typeof businessExportKinds)[number];
/** Every kind, with a customer's own data export (GDPR access and portability). */
export const exportKinds = [...businessExportKinds, 'personal-data'] as const;
export type ExportKind = (typeof exportKinds)[number];
export const isBusinessExportKind = (kind: ExportKind): kind is BusinessExportKind => kind !== 'personal-data';
export const exportFormats = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof exportFormats)[number];
export const exportStatuses = ['pending', 'running', 'ready', 'failed'] as const;
export type ExportStatus = (typeof exportStatuses)[number];

/** What an export is limited to: a period of `[from, to)` (ISO dates or times), a store, a program. */
export interface ExportFilters {
  from?: string;
  to?: string;
  storeId?: string;
  programId?: string;
}
