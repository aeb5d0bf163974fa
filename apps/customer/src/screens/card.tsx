import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import type { components } from '@loyalty/api-clients/customer';
import { api, ok } from '../api.js';
import { saveCard, savedCard } from '../offline-cache.js';
import { Empty, ErrorMessage, Loading, formatDate, useOnline } from '../../../shared/ui.js';

type Card = components['schemas']['Card'];
type CardQr = components['schemas']['CardQr'];
type AvailableReward = components['schemas']['AvailableReward'];

/** Ask for a new QR this long before the current one expires, so the one shown always scans. */
const REFRESH_MARGIN_MS = 30_000;

export function progressText(card: Card): string {
  const progress = card.progress;
  if (progress.kind === 'stamp') return `${progress.stamps} / ${progress.stampsRequired} stamps`;
  return `${progress.points} points${card.tier ? ` · ${card.tier}` : ''}`;
}

export function CardScreen({ cardId }: { cardId: string }) {
  const online = useOnline();
  const saved = savedCard(cardId);
  const card = useQuery({
    queryKey: ['card', cardId],
    queryFn: async () => {
      const answer = await ok(api.GET('/me/cards/{cardId}', { params: { path: { cardId } } }));
      saveCard(cardId, { card: answer });
      return answer;
    },
    placeholderData: saved?.card,
  });
  const shown = card.data ?? saved?.card;
  const stale = !online || (card.isError && shown !== undefined);

  return (
    <section aria-labelledby="card-title">
      {stale && (
        <p className="offline" role="status">
          Offline: showing the card as of {saved ? formatDate(saved.savedAt) : 'the last visit'}.
        </p>
      )}
      {!shown && card.isLoading && <Loading what="the card" />}
      {!stale && <ErrorMessage error={card.error} />}
      {shown && (
        <>
          <h1 id="card-title">{shown.program.name}</h1>
          <Progress card={shown} />
          <Qr cardId={cardId} cardNumber={shown.cardNumber} saved={saved?.qr} offline={stale} />
          {!stale && <Rewards card={shown} />}
          {!stale && <History cardId={cardId} />}
        </>
      )}
    </section>
  );
}

function Progress({ card }: { card: Card }) {
  const progress = card.progress;
  if (progress.kind === 'stamp')
    return (
      <section aria-label="Progress">
        <ol className="stamps" aria-label={progressText(card)}>
          {Array.from({ length: progress.stampsRequired }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the stamp slots are positions, not items.
            <li key={i} className={i < progress.stamps ? 'stamp filled' : 'stamp'} aria-hidden="true" />
          ))}
        </ol>
        <p className="progress-text">{progressText(card)}</p>
      </section>
    );
  return (
    <section aria-label="Progress">
      <p className="progress-text">{progress.points} points</p>
      {card.tier && <p>Tier: {card.tier}</p>}
      {progress.nextReward && (
        <p>
          {progress.pointsMissing} points to {progress.nextReward.name}
        </p>
      )}
      {card.expiringSoon && (
        <p className="warning">
          {card.expiringSoon.amount} points expire on {formatDate(card.expiringSoon.earliestExpiry)}
        </p>
      )}
    </section>
  );
}

function useQrImage(payload: string | undefined): string | undefined {
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    if (!payload) return;
    let current = true;
    void QRCode.toString(payload, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }).then((svg) => {
      if (current) setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
    });
    return () => {
      current = false;
    };
  }, [payload]);
  return src;
}

function Qr({ cardId, cardNumber, saved, offline }: { cardId: string; cardNumber: string; saved?: CardQr; offline: boolean }) {
  const qr = useQuery({
    queryKey: ['qr', cardId],
    enabled: !offline,
    queryFn: async () => {
      const answer = await ok(api.GET('/me/cards/{cardId}/qr', { params: { path: { cardId } } }));
      saveCard(cardId, { qr: answer });
      return answer;
    },
    refetchInterval: (query) => {
      const expiresAt = query.state.data?.expiresAt;
      return expiresAt ? Math.max(5_000, Date.parse(expiresAt) - Date.now() - REFRESH_MARGIN_MS) : false;
    },
    refetchIntervalInBackground: false,
  });
  const shown = qr.data ?? saved;
  const src = useQrImage(shown?.payload);
  return (
    <figure className="qr">
      {src && shown && <img src={src} data-payload={shown.payload} alt={`QR code of card ${cardNumber}: show it at the counter`} width={280} height={280} />}
      {!shown && qr.isLoading && <Loading what="the QR code" />}
      {!offline && <ErrorMessage error={qr.error} />}
      <figcaption>
        Card number <strong>{cardNumber}</strong>
        {shown && <span className="muted"> · code valid until {formatDate(shown.expiresAt)}</span>}
      </figcaption>
    </figure>
  );
}

function rewardName(reward: AvailableReward): string {
  return reward.type === 'unlocked' ? reward.description : `${reward.name} (${reward.cost} points)`;
}

function Rewards({ card }: { card: Card }) {
  return (
    <section aria-labelledby="rewards-title">
      <h2 id="rewards-title">Rewards</h2>
      {card.availableRewards.length === 0 ? (
        <Empty>No rewards ready yet: keep collecting.</Empty>
      ) : (
        <ul className="plain">
          {card.availableRewards.map((reward) => (
            <RewardItem key={reward.type === 'unlocked' ? reward.rewardId : reward.catalogRewardId} cardId={card.id} reward={reward} />
          ))}
        </ul>
      )}
    </section>
  );
}

function RewardItem({ cardId, reward }: { cardId: string; reward: AvailableReward }) {
  const issue = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/me/cards/{cardId}/redemption-codes', {
          params: { path: { cardId } },
          body: reward.type === 'unlocked' ? { rewardId: reward.rewardId } : { catalogRewardId: reward.catalogRewardId },
        }),
      ),
  });
  return (
    <li>
      <span>{rewardName(reward)}</span>{' '}
      {issue.data ? (
        <output className="code" aria-label="One-time code">
          {issue.data.code} <small className="muted">valid until {formatDate(issue.data.expiresAt)}</small>
        </output>
      ) : (
        <button type="button" className="secondary" onClick={() => issue.mutate()} disabled={issue.isPending}>
          Get a one-time code
        </button>
      )}
      <ErrorMessage error={issue.error} />
    </li>
  );
}

function History({ cardId }: { cardId: string }) {
  const history = useQuery({
    queryKey: ['history', cardId],
    queryFn: () => ok(api.GET('/me/cards/{cardId}/transactions', { params: { path: { cardId }, query: { limit: 20 } } })),
  });
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      {history.isLoading && <Loading what="the history" />}
      <ErrorMessage error={history.error} />
      {history.data?.items.length === 0 && <Empty>Nothing yet: your visits and purchases show here.</Empty>}
      {history.data && history.data.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">Change</th>
              <th scope="col">Where</th>
            </tr>
          </thead>
          <tbody>
            {history.data.items.map((t) => (
              <tr key={t.id}>
                <td>{formatDate(t.createdAt)}</td>
                <td>
                  {t.kind}
                  {t.status !== 'applied' && ` (${t.status}${t.rejectionCode ? `: ${t.rejectionCode}` : ''})`}
                </td>
                <td>{t.delta === null ? '' : t.delta > 0 ? `+${t.delta}` : t.delta}</td>
                <td>{t.store?.name ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
