import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { components } from '@loyalty/api-clients/admin';
import { api, ok } from '../../api.js';
import { ErrorMessage, Field, Loading, formatDate } from '../../../../shared/ui.js';
import { myBusinessesQuery } from '../businesses.js';
import { apiFieldErrors, onSubmit, useBusinessId, useMayManageBusiness } from './form-parts.js';

type Business = components['schemas']['Business'];

/** The business itself: its name (the plan is the platform's to change). */
export function BusinessSettings() {
  const businessId = useBusinessId();
  const business = useQuery({
    queryKey: ['business', businessId],
    queryFn: () => ok(api.GET('/businesses/{businessId}', { params: { path: { businessId } } })),
  });
  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">Business settings</h1>
      {business.isLoading && <Loading what="the business" />}
      <ErrorMessage error={business.error} />
      {business.data && <SettingsForm key={business.data.id} business={business.data} />}
    </section>
  );
}

function SettingsForm({ business }: { business: Business }) {
  const queryClient = useQueryClient();
  const mayManage = useMayManageBusiness();
  const [name, setName] = useState(business.name);
  const save = useMutation({
    mutationFn: () => ok(api.PATCH('/businesses/{businessId}', { params: { path: { businessId: business.id } }, body: { name } })),
    onSuccess: async (saved) => {
      queryClient.setQueryData(['business', business.id], saved);
      await queryClient.invalidateQueries({ queryKey: myBusinessesQuery.queryKey });
    },
  });
  return (
    <form onSubmit={onSubmit(() => save.mutate())} aria-label="Business settings">
      <Field
        label="Business name"
        required
        maxLength={200}
        value={name}
        readOnly={!mayManage}
        error={apiFieldErrors(save.error).name}
        onChange={(e) => setName(e.target.value)}
      />
      <p className="muted">
        Plan: {business.plan} · founded {formatDate(business.createdAt)}
      </p>
      <ErrorMessage error={save.error} />
      {save.isSuccess && !save.isPending && <p role="status">Saved.</p>}
      {mayManage ? (
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save'}
        </button>
      ) : (
        <p className="muted">Only owners and admins change the business.</p>
      )}
    </form>
  );
}
