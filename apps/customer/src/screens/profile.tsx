import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import type { components } from '@loyalty/api-clients/customer';
import { api, ok } from '../api.js';
import { forgetSavedCards } from '../offline-cache.js';
import { getSession, setSession } from '../session.js';
import { Empty, ErrorMessage, Field, Loading, formatDate } from '../../../shared/ui.js';

type ConsentName = keyof components['schemas']['Consents'];

const CONSENTS: { name: ConsentName; label: string }[] = [
  { name: 'marketing', label: 'Offers and news from the shops I joined' },
  { name: 'email', label: 'Email' },
  { name: 'sms', label: 'Text messages' },
  { name: 'push', label: 'Push notifications' },
];

export function Profile() {
  return (
    <section aria-labelledby="profile-title">
      <h1 id="profile-title">Profile</h1>
      <Details />
      <Consents />
      <Devices />
      <DataExport />
      <DeleteAccount />
    </section>
  );
}

function Details() {
  const queryClient = useQueryClient();
  const profile = useQuery({ queryKey: ['profile'], queryFn: () => ok(api.GET('/me')) });
  const [name, setName] = useState<string>();
  const save = useMutation({
    mutationFn: (displayName: string) => ok(api.PATCH('/me', { body: { displayName } })),
    onSuccess: (answer) => queryClient.setQueryData(['profile'], answer),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (name !== undefined) save.mutate(name);
  };
  return (
    <section aria-labelledby="details-title">
      <h2 id="details-title">Your details</h2>
      {profile.isLoading && <Loading what="your profile" />}
      <ErrorMessage error={profile.error} />
      {profile.data && (
        <form onSubmit={onSubmit}>
          <p>Email: {profile.data.email}</p>
          <Field label="Name" autoComplete="name" required value={name ?? profile.data.displayName} onChange={(e) => setName(e.target.value)} />
          <ErrorMessage error={save.error} />
          <button type="submit" disabled={save.isPending}>
            Save
          </button>
          {save.isSuccess && <span role="status"> Saved.</span>}
        </form>
      )}
    </section>
  );
}

function Consents() {
  const queryClient = useQueryClient();
  const consents = useQuery({ queryKey: ['consents'], queryFn: () => ok(api.GET('/me/consents')) });
  const update = useMutation({
    mutationFn: (change: Partial<Record<ConsentName, boolean>>) => ok(api.PUT('/me/consents', { body: change })),
    onSuccess: (answer) => queryClient.setQueryData(['consents'], answer),
  });
  return (
    <fieldset>
      <legend>What we may send you</legend>
      {consents.isLoading && <Loading what="your choices" />}
      <ErrorMessage error={consents.error ?? update.error} />
      {consents.data &&
        CONSENTS.map(({ name, label }) => (
          <label key={name} className="check">
            <input
              type="checkbox"
              checked={consents.data[name]?.granted ?? false}
              disabled={update.isPending}
              onChange={(e) => update.mutate({ [name]: e.target.checked })}
            />
            {label}
          </label>
        ))}
    </fieldset>
  );
}

function Devices() {
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: ['sessions'], queryFn: () => ok(api.GET('/me/sessions')) });
  const end = useMutation({
    mutationFn: (sessionId: string) => ok(api.DELETE('/me/sessions/{sessionId}', { params: { path: { sessionId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['sessions'] }),
  });
  return (
    <section aria-labelledby="devices-title">
      <h2 id="devices-title">Signed-in devices</h2>
      {sessions.isLoading && <Loading what="your devices" />}
      <ErrorMessage error={sessions.error ?? end.error} />
      {sessions.data?.items.length === 0 && <Empty>No other devices.</Empty>}
      <ul className="plain">
        {sessions.data?.items.map((s) => (
          <li key={s.id}>
            {s.deviceLabel} {s.current && <strong>(this device)</strong>} <span className="muted">last used {formatDate(s.lastUsedAt)}</span>{' '}
            {!s.current && (
              <button type="button" className="secondary" onClick={() => end.mutate(s.id)} aria-label={`Sign out ${s.deviceLabel}`}>
                Sign out
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function DataExport() {
  const [exportId, setExportId] = useState<string>();
  const request = useMutation({ mutationFn: () => ok(api.POST('/me/exports')), onSuccess: (answer) => setExportId(answer.id) });
  const progress = useQuery({
    queryKey: ['export', exportId],
    enabled: exportId !== undefined,
    queryFn: () => ok(api.GET('/me/exports/{exportId}', { params: { path: { exportId: exportId ?? '' } } })),
    refetchInterval: (query) => (['ready', 'failed'].includes(query.state.data?.status ?? '') ? false : 1_000),
  });
  const state = progress.data;
  return (
    <section aria-labelledby="export-title">
      <h2 id="export-title">Your data</h2>
      <button
        type="button"
        className="secondary"
        onClick={() => request.mutate()}
        disabled={request.isPending || (state !== undefined && state.status !== 'ready')}
      >
        Export my data
      </button>
      <ErrorMessage error={request.error ?? progress.error} />
      <div aria-live="polite">
        {state && state.status !== 'ready' && state.status !== 'failed' && <p>Preparing your file… {state.rows} records so far.</p>}
        {state?.status === 'failed' && <p className="error">The export failed: {state.error}</p>}
        {state?.status === 'ready' && state.downloadUrl && (
          <p>
            <a href={state.downloadUrl} download>
              Download your data ({state.rows} records, {Math.ceil((state.bytes ?? 0) / 1024)} KB)
            </a>
          </p>
        )}
      </div>
    </section>
  );
}

function DeleteAccount() {
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const remove = useMutation({
    mutationFn: () => ok(api.DELETE('/me')),
    onSuccess: () => {
      forgetSavedCards();
      setSession(null);
      void navigate({ to: '/sign-in' });
    },
  });
  const signOut = useMutation({
    mutationFn: () => ok(api.POST('/auth/sign-out', { body: { refreshToken: getSession()?.refreshToken } })),
    onSettled: () => {
      forgetSavedCards();
      setSession(null);
      void navigate({ to: '/sign-in' });
    },
  });
  return (
    <section aria-labelledby="account-title">
      <h2 id="account-title">Account</h2>
      <button type="button" className="secondary" onClick={() => signOut.mutate()}>
        Sign out
      </button>
      {!confirming ? (
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          Delete my account…
        </button>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            remove.mutate();
          }}
        >
          <p>This deletes your account, your cards and your rewards for good.</p>
          <Field label='Type "DELETE" to confirm' required value={typed} onChange={(e) => setTyped(e.target.value)} />
          <ErrorMessage error={remove.error} />
          <button type="submit" className="danger" disabled={typed !== 'DELETE' || remove.isPending}>
            Delete my account
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </form>
      )}
    </section>
  );
}
