import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import type { components } from '@loyalty/api-clients/admin';
import { api, ok } from '../api.js';
import { ApiError, errorText } from '../../../shared/problems.js';
import { Empty, ErrorMessage, Field, Loading, formatDate } from '../../../shared/ui.js';
import { type Outcome, changeOf, outcomeText } from '../transaction-outcome.js';

type Transaction = components['schemas']['Transaction'];
type Reversal = { kind: 'void'; original: Transaction } | { kind: 'refund'; original: Transaction; refundAmount: number };
type Sent = { reversal: Reversal; posTransactionId: string };

/** What the API lets a void or a refund point at (services/admin/src/domain/reversals.ts). */
const voidable: readonly Transaction['kind'][] = ['visit', 'purchase', 'bonus', 'redemption'];

function change(transaction: Transaction): string {
  const change = transaction.result ? changeOf(transaction.result) : 0;
  if (change === 0) return '';
  return change > 0 ? `+${change}` : String(change);
}

function money(cents: number, currency: string | null): string {
  return `${(cents / 100).toFixed(2)}${currency ? ` ${currency}` : ''}`;
}

function what(transaction: Transaction): string {
  const amount = transaction.amount !== null && transaction.kind === 'purchase' ? ` of ${money(transaction.amount, transaction.currency)}` : '';
  const rejected = transaction.status === 'rejected' ? ` (rejected: ${transaction.rejection?.code ?? 'unknown'})` : '';
  const pending = transaction.status === 'pending' ? ' (being applied)' : '';
  return `${transaction.kind}${amount}${rejected}${pending}`;
}

/** The card's latest transactions, newest first, each voidable or refundable as the API allows. */
export function RecentTransactions({
  businessId,
  storeId,
  cardId,
  onOutcome: setOutcome,
}: {
  businessId: string;
  storeId: string;
  cardId: string;
  onOutcome: (outcome: Outcome | undefined) => void;
}) {
  const queryClient = useQueryClient();
  const inFlight = useRef(false);
  const [unsent, setUnsent] = useState<Sent>();
  const recent = useQuery({
    // Under ['card', businessId]: every counter write refreshes it with the card.
    queryKey: ['card', businessId, 'transactions', cardId],
    queryFn: () => ok(api.GET('/businesses/{businessId}/cards/{cardId}/transactions', { params: { path: { businessId, cardId }, query: { limit: 10 } } })),
  });
  const reverse = useMutation({
    mutationFn: ({ reversal, posTransactionId }: Sent) => {
      const common = { posTransactionId, reversesTransactionId: reversal.original.id, storeId };
      const body =
        reversal.kind === 'void' ? { kind: 'void' as const, ...common } : { kind: 'refund' as const, ...common, refundAmount: reversal.refundAmount };
      return ok(api.POST('/businesses/{businessId}/transactions', { params: { path: { businessId }, header: { prefer: 'wait=5' } }, body }));
    },
    onMutate: () => setOutcome(undefined),
    onSuccess: (transaction, { reversal }) => {
      setUnsent(undefined);
      setOutcome({ ok: true, text: outcomeText(transaction, reversalLabel(reversal)) });
    },
    // As at the counter: with no answer, "Try again" re-sends the same posTransactionId, so a refund that did land is not made twice.
    onError: (error, sent) => {
      const network = error instanceof ApiError && error.code === 'NETWORK';
      setUnsent(network ? sent : undefined);
      const what = reversalLabel(sent.reversal);
      setOutcome({
        ok: false,
        text: network ? `${what} not recorded: no answer from the server. Try again when the connection is back.` : `${what} refused: ${errorText(error)}`,
      });
    },
    onSettled: async () => {
      inFlight.current = false;
      await queryClient.invalidateQueries({ queryKey: ['card', businessId] });
    },
  });
  const send = (reversal: Reversal, posTransactionId: string = crypto.randomUUID()) => {
    if (inFlight.current) return;
    inFlight.current = true;
    reverse.mutate({ reversal, posTransactionId });
  };

  const items = recent.data?.items ?? [];
  const voided = new Set(items.filter((t) => t.kind === 'void' && t.status === 'applied').map((t) => t.reversesTransactionId));
  const refunded = (purchase: Transaction) =>
    items.filter((t) => t.kind === 'refund' && t.status === 'applied' && t.reversesTransactionId === purchase.id).reduce((sum, t) => sum + (t.amount ?? 0), 0);

  return (
    <section aria-labelledby="recent-title">
      <h3 id="recent-title">Recent transactions</h3>
      {unsent && (
        <button type="button" className="secondary" disabled={reverse.isPending} onClick={() => send(unsent.reversal, unsent.posTransactionId)}>
          Try the {unsent.reversal.kind} again
        </button>
      )}
      {recent.isLoading && <Loading what="the transactions" />}
      <ErrorMessage error={recent.error} />
      {recent.data && items.length === 0 && <Empty>No transaction on this card yet.</Empty>}
      {items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">Change</th>
              <th scope="col">Undo</th>
            </tr>
          </thead>
          <tbody>
            {items.map((t) => (
              <tr key={t.id}>
                <td>{formatDate(t.createdAt)}</td>
                <td>{what(t)}</td>
                <td>{change(t)}</td>
                <td>
                  {voided.has(t.id) ? (
                    <span className="muted">voided</span>
                  ) : (
                    t.status === 'applied' &&
                    voidable.includes(t.kind) && (
                      <>
                        <button type="button" className="secondary" disabled={reverse.isPending} onClick={() => send({ kind: 'void', original: t })}>
                          Void
                        </button>
                        {t.kind === 'purchase' && t.amount !== null && (
                          <RefundForm
                            left={t.amount - refunded(t)}
                            currency={t.currency}
                            busy={reverse.isPending}
                            onRefund={(refundAmount) => send({ kind: 'refund', original: t, refundAmount })}
                          />
                        )}
                      </>
                    )
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function RefundForm({ left, currency, busy, onRefund }: { left: number; currency: string | null; busy: boolean; onRefund: (cents: number) => void }) {
  const [amount, setAmount] = useState((left / 100).toFixed(2));
  const [problem, setProblem] = useState<string>();
  if (left <= 0) return <span className="muted">refunded</span>;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const cents = Math.round(Number(amount.replace(',', '.')) * 100);
    if (!Number.isFinite(cents) || cents < 1) {
      setProblem('Enter the amount to refund as a number, like 4.50.');
      return;
    }
    setProblem(undefined);
    onRefund(cents);
  };
  return (
    <form onSubmit={submit} aria-label="Refund" className="inline">
      <Field
        label={`Refund amount${currency ? ` (${currency})` : ''}`}
        inputMode="decimal"
        required
        size={8}
        pattern="[0-9]+([.,][0-9]{1,2})?"
        value={amount}
        onChange={(e) => setAmount(e.target.value)}
      />
      <button type="submit" className="secondary" disabled={busy}>
        Refund
      </button>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </form>
  );
}

function reversalLabel(reversal: Reversal): string {
  return reversal.kind === 'void' ? `Void of the ${reversal.original.kind}` : `Refund of ${money(reversal.refundAmount, reversal.original.currency)}`;
}
