/** What the counter asks to record; the HTTP schema (`transactionBody`) parses a request body into exactly this. */
export type TransactionRequest = Visit | Purchase | Redemption | Void | Refund | Adjustment;

/** Amounts are integer minor units (cents); `posTransactionId` is the POS system's idempotency key. */
type Visit = { kind: 'visit'; posTransactionId: string; cardId: string; storeId: string };

export type PurchaseLine = { description: string; amount: number; quantity: number; giftCard: boolean };

type Purchase = {
  kind: 'purchase';
  posTransactionId: string;
  cardId: string;
  storeId: string;
  amount: number;
  currency: string;
  lines?: PurchaseLine[] | undefined;
  paidWithPoints: number;
};

/** Exactly one of catalogRewardId, rewardId (an unlocked stamp reward) and code (the customer's one-time code). */
type Redemption = {
  kind: 'redemption';
  posTransactionId: string;
  cardId: string;
  storeId: string;
  catalogRewardId?: string | undefined;
  rewardId?: string | undefined;
  code?: string | undefined;
};

type Void = { kind: 'void'; posTransactionId: string; reversesTransactionId: string; storeId?: string | undefined };

type Refund = { kind: 'refund'; posTransactionId: string; reversesTransactionId: string; refundAmount: number; storeId?: string | undefined };

type Adjustment = { kind: 'adjustment'; posTransactionId: string; cardId: string; points: number; reason: string };
