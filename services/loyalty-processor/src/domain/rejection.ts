export const rejectionCodes = [
  'INSUFFICIENT_BALANCE',
  'CARD_SUSPENDED',
  'DAILY_STAMP_LIMIT',
  'REWARD_NOT_AVAILABLE',
  'OUT_OF_STOCK',
  'REWARD_LIMIT_REACHED',
  'ALREADY_REVERSED',
  'REFUND_EXCEEDS_AMOUNT',
  'CURRENCY_MISMATCH',
  'NOT_SUPPORTED_BY_PROGRAM',
  'PROGRAM_NOT_ACTIVE',
  'NOT_REVERSIBLE',
  'INVALID_DETAILS',
] as const;
export type RejectionCode = (typeof rejectionCodes)[number];

/**
 * A business rule said no, at any point of applying the transaction: what the rules had changed is
 * rolled back (see applyTransaction), the transaction is settled as rejected with this code and the
 * card stays as it was.
 */
export class TransactionRejected extends Error {
  readonly code: RejectionCode;

  constructor(code: RejectionCode, detail: string) {
    super(detail);
    this.name = 'TransactionRejected';
    this.code = code;
  }
}

export function reject(code: RejectionCode, detail: string): never {
  throw new TransactionRejected(code, detail);
}
