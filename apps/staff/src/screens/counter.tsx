import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import type { components } from '@loyalty/api-clients/admin';
import { api, ok } from '../api.js';
import { ApiError, errorText } from '../../../shared/problems.js';
import { updateSession, useSession } from '../session.js';
import { Empty, ErrorMessage, Field, Loading } from '../../../shared/ui.js';
import { useMembership } from '../membership.js';
import { QrScanner } from './qr-scanner.js';
import { RecentTransactions } from './recent-transactions.js';
import { type Outcome, OutcomeMessage, outcomeText } from '../transaction-outcome.js';

type CardLookup = components['schemas']['CardLookup'];
type AvailableReward = CardLookup['availableRewards'][number];
type Write =
  | { kind: 'visit' }
  | { kind: 'purchase'; amount: number; currency: string }
  | { kind: 'redemption'; rewardId?: string; catalogRewardId?: string; code?: string; label: string };

export function progressText(card: CardLookup['card']): string {
  if (card.program.kind === 'stamp') return `${card.balance} / ${card.program.stampsRequired ?? '?'} stamps`;
  return `${card.balance} points${card.tier ? ` · ${card.tier}` : ''}`;
}

/** The till: pick the store, find the card, record what happens at the counter. */
export function Counter() {
  const session = useSession();
  const businessId = session?.businessId ?? '';
  const { membership, ...businesses } = useMembership();
  const stores = useQuery({
    queryKey: ['stores', businessId],
    queryFn: () => ok(api.GET('/businesses/{businessId}/stores', { params: { path: { businessId }, query: { limit: 100 } } })),
    // A store added in the back office shows the next time the counter opens.
    refetchOnMount: 'always',
  });
  const allowed = (stores.data?.items ?? []).filter((s) => !membership?.storeIds || membership.storeIds.includes(s.id));
  const storeId = allowed.find((s) => s.id === session?.storeId)?.id ?? allowed[0]?.id;
  const [number, setNumber] = useState('');
  const [searched, setSearched] = useState<string>();
  const [scanning, setScanning] = useState(false);
  const storeSelect = useId();

  const queryClient = useQueryClient();
  // A scanned QR expires within minutes: it finds the card once, then the card is looked up by its number.
  const scan = useMutation({
    mutationFn: (qr: string) => ok(api.GET('/businesses/{businessId}/cards/lookup', { params: { path: { businessId }, query: { qr } } })),
    onMutate: () => setScanning(false),
    onSuccess: (found) => {
      queryClient.setQueryData(['card', businessId, found.card.number], found);
      setSearched(found.card.number);
    },
  });

  const find = (event: FormEvent) => {
    event.preventDefault();
    setScanning(false);
    scan.reset();
    setSearched(number.trim());
  };

  return (
    <section aria-labelledby="counter-title">
      <h1 id="counter-title">{membership ? `Counter · ${membership.name}` : 'Counter'}</h1>
      {(stores.isLoading || businesses.isLoading) && <Loading what="the stores" />}
      <ErrorMessage error={stores.error ?? businesses.error} />
      {stores.data && allowed.length === 0 && <Empty>This business has no store you may act for yet: an owner or admin adds one first.</Empty>}
      {allowed.length > 1 && (
        <div className="field">
          <label htmlFor={storeSelect}>Store</label>
          <select id={storeSelect} value={storeId} onChange={(e) => updateSession({ storeId: e.target.value })}>
            {allowed.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {allowed.length === 1 && <p className="muted">Store: {allowed[0]?.name}</p>}
      {storeId && (
        <>
          <form onSubmit={find} aria-label="Find a card" className="inline">
            <Field label="Card number" inputMode="numeric" autoComplete="off" required value={number} onChange={(e) => setNumber(e.target.value)} />
            <button type="submit">Find card</button>
            {!scanning && (
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  scan.reset();
                  setScanning(true);
                }}
              >
                Scan QR
              </button>
            )}
          </form>
          {scanning && <QrScanner onScan={(qr) => scan.mutate(qr)} onClose={() => setScanning(false)} />}
          {scan.isPending && <Loading what="the scanned card" />}
          {scan.error && <ErrorMessage error={scanError(scan.error)} />}
          {searched && !scan.isPending && !scan.error && <CardPanel key={searched} businessId={businessId} storeId={storeId} number={searched} />}
        </>
      )}
    </section>
  );
}

/** A lookup's 404 in the counter's words: a signed, fresh QR that names no card of this business is one of another business's cards. */
function notFoundAs(message: string): (error: Error) => Error {
  return (error) => (error instanceof ApiError && error.code === 'NOT_FOUND' ? new ApiError('NOT_FOUND', message, 404) : error);
}
const scanError = notFoundAs('That QR code is a card of another business.');
const lookupError = notFoundAs('No card with that number.');

function CardPanel({ businessId, storeId, number }: { businessId: string; storeId: string; number: string }) {
  const lookup = useQuery({
    queryKey: ['card', businessId, number],
    queryFn: () => ok(api.GET('/businesses/{businessId}/cards/lookup', { params: { path: { businessId }, query: { number } } })),
    retry: false,
  });
  // One message for the card, whichever part of the panel wrote last.
  const [outcome, setOutcome] = useState<Outcome>();
  if (lookup.isLoading) return <Loading what="the card" />;
  if (lookup.error) return <ErrorMessage error={lookupError(lookup.error)} />;
  const found = lookup.data;
  if (!found) return null;
  const { card } = found;
  const writable = card.status === 'active';
  return (
    <article className="card" aria-labelledby="customer-name">
      <h2 id="customer-name">{found.customer.displayName || 'Customer'}</h2>
      <p className="muted">
        {card.program.name} · card {card.number}
        {card.status !== 'active' && <strong> · {card.status}</strong>}
      </p>
      <p className="progress-text" aria-live="polite">
        {progressText(card)}
      </p>
      <OutcomeMessage outcome={outcome} />
      {writable && <Actions businessId={businessId} storeId={storeId} lookup={found} onOutcome={setOutcome} />}
      <RecentTransactions businessId={businessId} storeId={storeId} cardId={card.id} onOutcome={setOutcome} />
    </article>
  );
}

/**
 * One write at a time: the button is disabled while it is in flight, and a ref refuses a second tap
 * that lands before React re-renders. Each write gets a fresh posTransactionId; only "Try again" after
 * a dropped connection re-sends the same one, so the API's idempotency makes a retry safe.
 */
function Actions({
  businessId,
  storeId,
  lookup,
  onOutcome: setOutcome,
}: {
  businessId: string;
  storeId: string;
  lookup: CardLookup;
  onOutcome: (outcome: Outcome | undefined) => void;
}) {
  const queryClient = useQueryClient();
  const inFlight = useRef(false);
  const [unsent, setUnsent] = useState<{ write: Write; posTransactionId: string }>();
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState(lookup.card.program.currency ?? 'EUR');
  const [code, setCode] = useState('');
  const cardId = lookup.card.id;

  const record = useMutation({
    mutationFn: ({ write, posTransactionId }: { write: Write; posTransactionId: string }) => {
      const common = { posTransactionId, cardId, storeId };
      const body =
        write.kind === 'visit'
          ? { kind: 'visit' as const, ...common }
          : write.kind === 'purchase'
            ? { kind: 'purchase' as const, ...common, amount: write.amount, currency: write.currency }
            : { kind: 'redemption' as const, ...common, rewardId: write.rewardId, catalogRewardId: write.catalogRewardId, code: write.code };
      return ok(api.POST('/businesses/{businessId}/transactions', { params: { path: { businessId }, header: { prefer: 'wait=5' } }, body }));
    },
    onMutate: () => setOutcome(undefined),
    onSuccess: (transaction, { write }) => {
      setUnsent(undefined);
      setOutcome({ ok: true, text: outcomeText(transaction, label(write)) });
      if (write.kind === 'redemption') setCode('');
      if (write.kind === 'purchase') setAmount('');
    },
    onError: (error, sent) => {
      const network = error instanceof ApiError && error.code === 'NETWORK';
      setUnsent(network ? sent : undefined);
      setOutcome({
        ok: false,
        text: network
          ? `${label(sent.write)} not recorded: no answer from the server. Nothing is saved on this device; try again when the connection is back.`
          : `${label(sent.write)} refused: ${errorText(error)}`,
      });
    },
    onSettled: async () => {
      inFlight.current = false;
      await queryClient.invalidateQueries({ queryKey: ['card', businessId] });
    },
  });

  const send = (write: Write, posTransactionId: string = crypto.randomUUID()) => {
    if (inFlight.current) return;
    inFlight.current = true;
    record.mutate({ write, posTransactionId });
  };
  const purchase = (event: FormEvent) => {
    event.preventDefault();
    const cents = Math.round(Number(amount.replace(',', '.')) * 100);
    if (!Number.isFinite(cents) || cents < 0) {
      setOutcome({ ok: false, text: 'Enter the amount as a number, like 4.50.' });
      return;
    }
    send({ kind: 'purchase', amount: cents, currency: currency.toUpperCase() });
  };
  const redeemCode = (event: FormEvent) => {
    event.preventDefault();
    send({ kind: 'redemption', code: code.trim(), label: 'One-time code' });
  };
  const busy = record.isPending;

  return (
    <>
      {unsent && (
        <button type="button" className="secondary" disabled={busy} onClick={() => send(unsent.write, unsent.posTransactionId)}>
          Try again
        </button>
      )}
      {lookup.card.program.kind === 'stamp' && (
        <button type="button" className="big" disabled={busy} onClick={() => send({ kind: 'visit' })}>
          {busy && record.variables?.write.kind === 'visit' ? 'Recording…' : 'Record a visit'}
        </button>
      )}
      <form onSubmit={purchase} aria-label="Purchase" className="inline">
        <Field
          label="Purchase amount"
          inputMode="decimal"
          required
          pattern="[0-9]+([.,][0-9]{1,2})?"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
        />
        <Field label="Currency" required pattern="[A-Za-z]{3}" maxLength={3} size={4} value={currency} onChange={(e) => setCurrency(e.target.value)} />
        <button type="submit" disabled={busy}>
          Record purchase
        </button>
      </form>
      <section aria-labelledby="rewards-title">
        <h3 id="rewards-title">Available rewards</h3>
        {lookup.availableRewards.length === 0 ? (
          <Empty>No reward to redeem yet.</Empty>
        ) : (
          <ul className="plain">
            {lookup.availableRewards.map((reward) => (
              <li key={reward.rewardId ?? reward.catalogRewardId}>
                <span>{rewardName(reward)}</span>{' '}
                <button type="button" disabled={busy} onClick={() => send(redemption(reward))}>
                  Redeem {reward.name}
                </button>
              </li>
            ))}
          </ul>
        )}
        <form onSubmit={redeemCode} aria-label="Redeem a one-time code" className="inline">
          <Field label="One-time code" inputMode="numeric" required pattern="[0-9]{4}-?[0-9]{4}" value={code} onChange={(e) => setCode(e.target.value)} />
          <button type="submit" className="secondary" disabled={busy}>
            Redeem code
          </button>
        </form>
      </section>
    </>
  );
}

function rewardName(reward: AvailableReward): string {
  return reward.type === 'stamp' ? reward.description || reward.name : `${reward.name} (${reward.cost} points)`;
}

function redemption(reward: AvailableReward): Write {
  return reward.type === 'stamp'
    ? { kind: 'redemption', rewardId: reward.rewardId ?? undefined, label: reward.name }
    : { kind: 'redemption', catalogRewardId: reward.catalogRewardId ?? undefined, label: reward.name };
}

function label(write: Write): string {
  if (write.kind === 'visit') return 'Visit';
  if (write.kind === 'purchase') return 'Purchase';
  return `Redemption of ${write.label}`;
}
