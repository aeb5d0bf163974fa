import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useState, type FormEvent } from 'react';
import { api, ok } from '../api.js';
import { updateSession } from '../session.js';
import { Empty, ErrorMessage, Field, Loading } from '../../../shared/ui.js';

export const myBusinessesQuery = { queryKey: ['me', 'businesses'], queryFn: () => ok(api.GET('/me/businesses')) };

/** After sign-in: the business to work for. One goes straight in; none offers to found one. */
export function Businesses({ choose }: { choose: boolean }) {
  const navigate = useNavigate();
  // Memberships change elsewhere (a founding, an invitation): this screen always asks again.
  const businesses = useQuery({ ...myBusinessesQuery, refetchOnMount: 'always' });
  const items = businesses.data?.items;
  const enter = (businessId: string) => {
    updateSession({ businessId, storeId: undefined });
    void navigate({ to: '/counter', replace: true });
  };
  const only = !choose && items?.length === 1 ? items[0] : undefined;
  // biome-ignore lint/correctness/useExhaustiveDependencies: entering is a one-off navigation once the list arrives.
  useEffect(() => {
    if (only) enter(only.id);
  }, [only?.id]);

  return (
    <section aria-labelledby="businesses-title">
      <h1 id="businesses-title">Your businesses</h1>
      {businesses.isLoading && <Loading what="your businesses" />}
      <ErrorMessage error={businesses.error} />
      {items?.length === 0 && (
        <>
          <Empty>You do not work for any business yet. Found yours, or ask an owner to invite you.</Empty>
          <FoundBusiness onFounded={enter} />
        </>
      )}
      {items && items.length > 0 && !only && (
        <ul className="plain">
          {items.map((business) => (
            <li key={business.id}>
              <button type="button" className="pick" onClick={() => enter(business.id)}>
                {business.name} <span className="muted">· {business.role}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function FoundBusiness({ onFounded }: { onFounded: (businessId: string) => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const found = useMutation({
    mutationFn: () => ok(api.POST('/businesses', { body: { name } })),
    onSuccess: async (business) => {
      await queryClient.invalidateQueries({ queryKey: myBusinessesQuery.queryKey });
      onFounded(business.id);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    found.mutate();
  };
  return (
    <form onSubmit={submit} aria-label="Found a business">
      <Field label="Business name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      <ErrorMessage error={found.error} />
      <button type="submit" disabled={found.isPending}>
        {found.isPending ? 'Founding…' : 'Found the business'}
      </button>
    </form>
  );
}
