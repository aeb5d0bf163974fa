import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import type { components } from '@loyalty/api-clients/admin';
import { api, ok } from '../../api.js';
import { useSession } from '../../session.js';
import { Empty, ErrorMessage, Loading, formatDate } from '../../../../shared/ui.js';
import { useStores } from './store-options.js';
import { dayAfter } from './utc-day.js';
import { SelectField } from './form-parts.js';

type AuditEntry = components['schemas']['AuditEntry'];
type StaffMember = components['schemas']['StaffMember'];
type Category = AuditEntry['category'];

interface Filters {
  category?: Category;
  actor?: string;
  from?: string;
  /** The last day shown, inclusive; the API's `to` is exclusive. */
  until?: string;
}

const categoryNames: Record<Category, string> = { security: 'Security', staff_action: 'Staff action' };

/** The audit trail, newest first: sign-ins, keys and roles (security) and what staff changed. */
export function AuditLog() {
  const businessId = useSession()?.businessId ?? '';
  const [filters, setFilters] = useState<Filters>({});
  const entries = useInfiniteQuery({
    queryKey: ['audit', businessId, filters],
    queryFn: ({ pageParam }) =>
      ok(
        api.GET('/businesses/{businessId}/audit', {
          params: {
            path: { businessId },
            query: {
              limit: 25,
              cursor: pageParam,
              category: filters.category,
              actor: filters.actor,
              from: filters.from,
              to: filters.until ? dayAfter(filters.until) : undefined,
            },
          },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    // Entries arrive through the audit pipeline a moment after the action: opening the screen again, or Refresh, shows the new ones.
    refetchOnMount: 'always',
  });
  const items = entries.data?.pages.flatMap((page) => page.items) ?? [];
  const staff = useQuery({
    queryKey: ['staff', businessId, 'all'],
    queryFn: () => ok(api.GET('/businesses/{businessId}/staff', { params: { path: { businessId }, query: { limit: 100 } } })),
  });
  const stores = useStores(businessId);
  // What an entry acted on, by name where this screen knows it (members and stores), else by the start of its id.
  const names = new Map<string, string>([
    ...(staff.data?.items ?? []).map((member): [string, string] => [member.cognitoSub, member.username]),
    ...(stores.data?.items ?? []).map((store): [string, string] => [store.id, store.name]),
  ]);

  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      <FilterForm staff={staff.data?.items ?? []} onApply={setFilters} />
      <button type="button" className="secondary" disabled={entries.isFetching} onClick={() => void entries.refetch()}>
        {entries.isFetching && !entries.isFetchingNextPage ? 'Refreshing…' : 'Refresh'}
      </button>
      {entries.isLoading && <Loading what="the audit log" />}
      <ErrorMessage error={entries.error} />
      {entries.data && items.length === 0 && <Empty>Nothing recorded for these filters.</Empty>}
      {items.length > 0 && (
        <table>
          <caption className="muted">Newest first; times in your time zone.</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">Who</th>
              <th scope="col">On</th>
            </tr>
          </thead>
          <tbody>
            {items.map((entry) => (
              <tr key={entry.id}>
                <td>{formatDate(entry.at)}</td>
                <td>
                  {entry.action}
                  <br />
                  <small className="muted">{categoryNames[entry.category]}</small>
                </td>
                <td>{actorText(entry.actor)}</td>
                <td>{entry.target ? `${entry.target.type.replaceAll('_', ' ')} ${names.get(entry.target.id) ?? entry.target.id.slice(0, 8)}` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {entries.hasNextPage && (
        <button type="button" className="secondary" disabled={entries.isFetchingNextPage} onClick={() => void entries.fetchNextPage()}>
          {entries.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </section>
  );
}

function actorText(actor: AuditEntry['actor']): string {
  if (actor.username) return actor.username;
  if (actor.type === 'api_key' && actor.id) return `API key ${actor.id.slice(0, 8)}`;
  return actor.type;
}

function FilterForm({ staff, onApply }: { staff: readonly StaffMember[]; onApply: (filters: Filters) => void }) {
  const [category, setCategory] = useState('');
  const [actor, setActor] = useState('');
  const [from, setFrom] = useState('');
  const [until, setUntil] = useState('');
  const ids = { from: useId(), until: useId() };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({ category: (category || undefined) as Category | undefined, actor: actor || undefined, from: from || undefined, until: until || undefined });
  };
  return (
    <form onSubmit={submit} aria-label="Filter the audit log" className="inline">
      <SelectField label="Category" value={category} onChange={(e) => setCategory(e.target.value)}>
        <option value="">Every category</option>
        <option value="security">{categoryNames.security}</option>
        <option value="staff_action">{categoryNames.staff_action}</option>
      </SelectField>
      <SelectField label="Who" value={actor} onChange={(e) => setActor(e.target.value)}>
        <option value="">Anyone</option>
        {staff.map((member) => (
          <option key={member.cognitoSub} value={member.cognitoSub}>
            {member.username}
          </option>
        ))}
      </SelectField>
      <div className="field">
        <label htmlFor={ids.from}>From (UTC day)</label>
        <input id={ids.from} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={ids.until}>Until (UTC day, included)</label>
        <input id={ids.until} type="date" min={from || undefined} value={until} onChange={(e) => setUntil(e.target.value)} />
      </div>
      <button type="submit">Show</button>
    </form>
  );
}
