import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import type { components } from '@loyalty/api-clients/admin';
import { api, ok } from '../../api.js';
import { useSession } from '../../session.js';
import { Empty, ErrorMessage, Field, Loading, formatDate } from '../../../../shared/ui.js';
import { ConfirmButton } from './form-parts.js';
import { useStores } from './store-options.js';

type ApiKey = components['schemas']['ApiKey'];
type IssuedApiKey = components['schemas']['IssuedApiKey'];

const keysKey = (businessId: string, storeId: string) => ['api-keys', businessId, storeId];

/** POS API keys, per store: issue one for a till, see when each was last used, revoke one that is lost. */
export function ApiKeys() {
  const businessId = useSession()?.businessId ?? '';
  const stores = useStores(businessId);
  const [picked, setPicked] = useState<string>();
  const storeList = stores.data?.items ?? [];
  const storeId = picked ?? storeList[0]?.id;
  const storeSelect = useId();

  return (
    <section aria-labelledby="api-keys-title">
      <h1 id="api-keys-title">POS API keys</h1>
      <p className="muted">A till sends its key as the header "Authorization: ApiKey …" and may record and read transactions for its store only.</p>
      {stores.isLoading && <Loading what="the stores" />}
      <ErrorMessage error={stores.error} />
      {stores.data && storeList.length === 0 && <Empty>This business has no store yet: add one before issuing keys.</Empty>}
      {storeList.length > 0 && (
        <div className="field">
          <label htmlFor={storeSelect}>Store</label>
          <select id={storeSelect} value={storeId} onChange={(e) => setPicked(e.target.value)}>
            {storeList.map((store) => (
              <option key={store.id} value={store.id}>
                {store.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {storeId && <StoreKeys key={storeId} businessId={businessId} storeId={storeId} />}
    </section>
  );
}

function StoreKeys({ businessId, storeId }: { businessId: string; storeId: string }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [issued, setIssued] = useState<IssuedApiKey>();
  const keys = useQuery({
    queryKey: keysKey(businessId, storeId),
    queryFn: () => ok(api.GET('/businesses/{businessId}/stores/{storeId}/api-keys', { params: { path: { businessId, storeId } } })),
  });
  const issue = useMutation({
    mutationFn: () =>
      ok(api.POST('/businesses/{businessId}/stores/{storeId}/api-keys', { params: { path: { businessId, storeId } }, body: { name: name.trim() } })),
    onMutate: () => setIssued(undefined),
    onSuccess: async (key) => {
      setIssued(key);
      setName('');
      await queryClient.invalidateQueries({ queryKey: keysKey(businessId, storeId) });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    issue.mutate();
  };
  const items = keys.data?.items ?? [];

  return (
    <>
      <form onSubmit={submit} aria-labelledby="issue-title" className="card">
        <h2 id="issue-title">Issue a key</h2>
        <Field label="Key name" hint='What the key is for, e.g. "Till 2"' required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        <ErrorMessage error={issue.error} />
        <button type="submit" disabled={issue.isPending}>
          {issue.isPending ? 'Issuing…' : 'Issue the key'}
        </button>
      </form>
      {issued && <IssuedSecret issued={issued} onDismiss={() => setIssued(undefined)} />}
      <h2>Keys of this store</h2>
      {keys.isLoading && <Loading what="the keys" />}
      <ErrorMessage error={keys.error} />
      {keys.data && items.length === 0 && <Empty>No key issued for this store yet.</Empty>}
      {items.length > 0 && (
        <ul className="plain">
          {items.map((key) => (
            <KeyRow key={key.id} businessId={businessId} apiKey={key} />
          ))}
        </ul>
      )}
    </>
  );
}

/** The secret exists in this answer only: the API keeps its hash. Copy it with the Clipboard API, or select it by hand where that is refused. */
function IssuedSecret({ issued, onDismiss }: { issued: IssuedApiKey; onDismiss: () => void }) {
  const field = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<'copied' | 'select'>();
  const secretId = useId();
  const copySecret = async () => {
    try {
      await navigator.clipboard.writeText(issued.key);
      setCopy('copied');
    } catch {
      field.current?.select();
      setCopy('select');
    }
  };
  return (
    <section className="card" aria-labelledby="issued-title">
      <h2 id="issued-title">Key "{issued.name}" issued</h2>
      <p className="warning">
        <strong>Copy this key now and store it in the till. It will not be shown again:</strong> if it is lost, revoke it and issue a new one.
      </p>
      <div className="field">
        <label htmlFor={secretId}>The key</label>
        <input id={secretId} ref={field} readOnly className="secret" value={issued.key} onFocus={(e) => e.target.select()} />
      </div>
      <button type="button" onClick={() => void copySecret()}>
        Copy the key
      </button>
      <button type="button" className="secondary" onClick={onDismiss}>
        I have stored it
      </button>
      <p role="status">
        {copy === 'copied' && 'Copied to the clipboard.'}
        {copy === 'select' && 'This browser refused the clipboard: the key is selected, press Ctrl+C (⌘C on a Mac) to copy it.'}
      </p>
    </section>
  );
}

function KeyRow({ businessId, apiKey }: { businessId: string; apiKey: ApiKey }) {
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: () =>
      ok(
        api.DELETE('/businesses/{businessId}/stores/{storeId}/api-keys/{keyId}', {
          params: { path: { businessId, storeId: apiKey.storeId, keyId: apiKey.id } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keysKey(businessId, apiKey.storeId) }),
  });
  return (
    <li className="card">
      <h3>
        {apiKey.name} <span className="muted">{apiKey.prefix}…</span>
      </h3>
      <p className="muted">
        Issued {formatDate(apiKey.createdAt)} · {apiKey.lastUsedAt ? `last used ${formatDate(apiKey.lastUsedAt)}` : 'never used'}
        {apiKey.revokedAt && <strong> · revoked {formatDate(apiKey.revokedAt)}</strong>}
      </p>
      {!apiKey.revokedAt && (
        <ConfirmButton
          label={`Revoke ${apiKey.name}`}
          question={`Revoke ${apiKey.name}? A till using it is refused at once.`}
          confirmLabel="Yes, revoke"
          disabled={revoke.isPending}
          onConfirm={() => revoke.mutate()}
        />
      )}
      <ErrorMessage error={revoke.error} />
    </li>
  );
}
