import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import type { components } from '@loyalty/api-clients/admin';
import { api, ok } from '../../api.js';
import { useSession } from '../../session.js';
import { Empty, ErrorMessage, Loading, formatDate } from '../../../../shared/ui.js';
import { useStores } from './store-options.js';
import { dayAfter } from './utc-day.js';
import { SelectField } from './form-parts.js';

type Export = components['schemas']['Export'];
type Kind = Export['kind'];
type Format = Export['format'];

const kinds: Record<Kind, string> = {
  transactions: 'Transactions',
  customers: 'Customers (one row per card)',
  ledger: 'Ledger entries',
  analytics: 'Analytics (the summary’s days)',
};
const formats: Record<Format, string> = { csv: 'CSV (spreadsheets)', jsonl: 'JSON Lines' };
/** Only these kinds take a store (the API answers FILTER_NOT_APPLICABLE otherwise). */
const byStore: readonly Kind[] = ['transactions', 'ledger'];

const exportsKey = (businessId: string) => ['exports', businessId];
const finished = (item: Export | undefined) => item?.status === 'ready' || item?.status === 'failed';

/** Data exports: ask for a file, watch it being produced, download it (a gzipped file behind a presigned link). */
export function Exports() {
  const businessId = useSession()?.businessId ?? '';
  const [requested, setRequested] = useState<string>();
  return (
    <section aria-labelledby="exports-title">
      <h1 id="exports-title">Exports</h1>
      <RequestForm businessId={businessId} onRequested={setRequested} />
      {requested && <ExportProgress key={requested} businessId={businessId} exportId={requested} />}
      <PastExports businessId={businessId} />
    </section>
  );
}

function RequestForm({ businessId, onRequested }: { businessId: string; onRequested: (exportId: string) => void }) {
  const queryClient = useQueryClient();
  const stores = useStores(businessId);
  const programs = useQuery({
    queryKey: ['programs', businessId],
    queryFn: () => ok(api.GET('/businesses/{businessId}/programs', { params: { path: { businessId }, query: { limit: 100 } } })),
  });
  const [kind, setKind] = useState<Kind>('transactions');
  const [format, setFormat] = useState<Format>('csv');
  const [from, setFrom] = useState('');
  const [until, setUntil] = useState('');
  const [storeId, setStoreId] = useState('');
  const [programId, setProgramId] = useState('');
  const ids = { from: useId(), until: useId() };
  const request = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/businesses/{businessId}/exports', {
          params: { path: { businessId } },
          body: {
            kind,
            format,
            ...(from ? { from } : {}),
            ...(until ? { to: dayAfter(until) } : {}),
            ...(storeId && byStore.includes(kind) ? { storeId } : {}),
            ...(programId ? { programId } : {}),
          },
        }),
      ),
    onSuccess: async (asked) => {
      onRequested(asked.id);
      await queryClient.invalidateQueries({ queryKey: exportsKey(businessId) });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate();
  };
  return (
    <form onSubmit={submit} aria-labelledby="request-title" className="card">
      <h2 id="request-title">Ask for an export</h2>
      <SelectField label="What" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
        {Object.entries(kinds).map(([value, name]) => (
          <option key={value} value={value}>
            {name}
          </option>
        ))}
      </SelectField>
      <SelectField label="Format" value={format} onChange={(e) => setFormat(e.target.value as Format)}>
        {Object.entries(formats).map(([value, name]) => (
          <option key={value} value={value}>
            {name}
          </option>
        ))}
      </SelectField>
      <div className="field">
        <label htmlFor={ids.from}>From (UTC day, optional)</label>
        <input id={ids.from} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={ids.until}>Until (UTC day, included, optional)</label>
        <input id={ids.until} type="date" min={from || undefined} value={until} onChange={(e) => setUntil(e.target.value)} />
      </div>
      {byStore.includes(kind) && (
        <SelectField label="Store" value={storeId} onChange={(e) => setStoreId(e.target.value)}>
          <option value="">Every store</option>
          {stores.data?.items.map((store) => (
            <option key={store.id} value={store.id}>
              {store.name}
            </option>
          ))}
        </SelectField>
      )}
      <SelectField label="Program" value={programId} onChange={(e) => setProgramId(e.target.value)}>
        <option value="">Every program</option>
        {programs.data?.items.map((program) => (
          <option key={program.id} value={program.id}>
            {program.name}
          </option>
        ))}
      </SelectField>
      <ErrorMessage error={request.error ?? stores.error ?? programs.error} />
      <button type="submit" disabled={request.isPending}>
        {request.isPending ? 'Asking…' : 'Ask for the export'}
      </button>
    </form>
  );
}

/** The export just asked for, polled until the exporter has finished it. */
function ExportProgress({ businessId, exportId }: { businessId: string; exportId: string }) {
  const queryClient = useQueryClient();
  const progress = useQuery({
    queryKey: [...exportsKey(businessId), exportId],
    queryFn: async () => {
      const item = await ok(api.GET('/businesses/{businessId}/exports/{exportId}', { params: { path: { businessId, exportId } } }));
      if (finished(item)) await queryClient.invalidateQueries({ queryKey: exportsKey(businessId), exact: true });
      return item;
    },
    refetchInterval: (query) => (finished(query.state.data) ? false : 1_000),
  });
  return (
    <section className="card" aria-labelledby="progress-title">
      <h2 id="progress-title">Your export</h2>
      {progress.isLoading && <Loading what="the export" />}
      <ErrorMessage error={progress.error} />
      {progress.data && <ExportState item={progress.data} live />}
    </section>
  );
}

function ExportState({ item, live = false }: { item: Export; live?: boolean }) {
  const what = `${kinds[item.kind]}, ${item.format === 'csv' ? 'CSV' : 'JSON Lines'}`;
  return (
    <>
      <p role={live ? 'status' : undefined}>
        {item.status === 'pending' && `${what}: waiting to start…`}
        {item.status === 'running' && `${what}: being written, ${rowsText(item.rows)} so far…`}
        {item.status === 'ready' && `${what}: ready, ${rowsText(item.rows)} (${sizeText(item.bytes)} gzipped).`}
        {item.status === 'failed' && `${what}: failed. ${item.error ?? ''} Ask for it again.`}
      </p>
      {!finished(item) && item.error && <p className="warning">Retrying after: {item.error}</p>}
      {item.status === 'ready' && item.downloadUrl && (
        <p>
          <a href={item.downloadUrl} download>
            Download {kinds[item.kind].toLowerCase()} ({item.format}.gz)
          </a>
          {item.expiresAt && <span className="muted"> · link valid until {formatDate(item.expiresAt)}</span>}
        </p>
      )}
    </>
  );
}

function rowsText(rows: number): string {
  return rows === 1 ? '1 row' : `${rows.toLocaleString()} rows`;
}

function sizeText(bytes: number | null): string {
  if (bytes === null) return 'size unknown';
  return bytes < 1024 ? `${bytes} bytes` : `${(bytes / 1024).toFixed(1)} KB`;
}

function PastExports({ businessId }: { businessId: string }) {
  const past = useInfiniteQuery({
    queryKey: exportsKey(businessId),
    queryFn: ({ pageParam }) => ok(api.GET('/businesses/{businessId}/exports', { params: { path: { businessId }, query: { limit: 20, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    // Each answer presigns fresh links, which expire: the list is asked again whenever the screen opens.
    refetchOnMount: 'always',
  });
  const items = past.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <h2>Past exports</h2>
      {past.isLoading && <Loading what="past exports" />}
      <ErrorMessage error={past.error} />
      {past.data && items.length === 0 && <Empty>No export asked for yet.</Empty>}
      {items.length > 0 && (
        <ul className="plain">
          {items.map((item) => (
            <li key={item.id} className="card">
              <p className="muted">Asked {formatDate(item.createdAt)}</p>
              <ExportState item={item} />
            </li>
          ))}
        </ul>
      )}
      {past.hasNextPage && (
        <button type="button" className="secondary" disabled={past.isFetchingNextPage} onClick={() => void past.fetchNextPage()}>
          {past.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </>
  );
}
