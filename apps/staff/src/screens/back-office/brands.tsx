import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { components } from '@loyalty/api-clients/admin';
import { api, ok } from '../../api.js';
import { Empty, ErrorMessage, Field, Loading } from '../../../../shared/ui.js';
import { apiFieldErrors, onSubmit, useBusinessId, useMayManageBusiness, FormTitle } from './form-parts.js';

type Brand = components['schemas']['Brand'];

export const brandsQuery = (businessId: string) => ({
  queryKey: ['brands', businessId],
  queryFn: () => ok(api.GET('/businesses/{businessId}/brands', { params: { path: { businessId }, query: { limit: 100 } } })),
});

/** The business's brands: each has its stores and programs. */
export function Brands() {
  const businessId = useBusinessId();
  const mayManage = useMayManageBusiness();
  const brands = useQuery(brandsQuery(businessId));
  const [editing, setEditing] = useState<Brand | 'new'>();
  const items = brands.data?.items;
  return (
    <section aria-labelledby="brands-title">
      <h1 id="brands-title">Brands</h1>
      {brands.isLoading && <Loading what="the brands" />}
      <ErrorMessage error={brands.error} />
      {items?.length === 0 && <Empty>No brand yet. A brand holds the stores and the programs customers join.</Empty>}
      {items && items.length > 0 && (
        <ul className="plain list">
          {items.map((brand) => (
            <li key={brand.id}>
              <strong>{brand.name}</strong>
              {brand.category && <span className="muted"> · {brand.category}</span>}
              {mayManage && (
                <button type="button" className="secondary" aria-label={`Edit ${brand.name}`} onClick={() => setEditing(brand)}>
                  Edit
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {mayManage && !editing && (
        <button type="button" onClick={() => setEditing('new')}>
          New brand
        </button>
      )}
      {editing && (
        <BrandForm key={editing === 'new' ? 'new' : editing.id} brand={editing === 'new' ? undefined : editing} onDone={() => setEditing(undefined)} />
      )}
    </section>
  );
}

function BrandForm({ brand, onDone }: { brand?: Brand; onDone: () => void }) {
  const businessId = useBusinessId();
  const queryClient = useQueryClient();
  const [name, setName] = useState(brand?.name ?? '');
  const [category, setCategory] = useState(brand?.category ?? '');
  const [logoUrl, setLogoUrl] = useState(brand?.logoUrl ?? '');
  const [email, setEmail] = useState(brand?.contact.email ?? '');
  const [phone, setPhone] = useState(brand?.contact.phone ?? '');
  const [website, setWebsite] = useState(brand?.contact.website ?? '');
  const save = useMutation({
    mutationFn: () => {
      const contact = { ...(email && { email }), ...(phone && { phone }), ...(website && { website }) };
      const body = { name, category: category.trim() || null, logoUrl: logoUrl.trim() || null, contact };
      return brand
        ? ok(api.PATCH('/businesses/{businessId}/brands/{brandId}', { params: { path: { businessId, brandId: brand.id } }, body }))
        : ok(api.POST('/businesses/{businessId}/brands', { params: { path: { businessId } }, body }));
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['brands', businessId] });
      onDone();
    },
  });
  const errors = apiFieldErrors(save.error);
  return (
    <form onSubmit={onSubmit(() => save.mutate())} aria-labelledby="brand-form-title">
      <FormTitle id="brand-form-title">{brand ? `Edit ${brand.name}` : 'New brand'}</FormTitle>
      <Field label="Brand name" required maxLength={200} value={name} error={errors.name} onChange={(e) => setName(e.target.value)} />
      <Field label="Category" maxLength={100} value={category} error={errors.category} onChange={(e) => setCategory(e.target.value)} />
      <Field label="Logo URL" type="url" hint="An https address" value={logoUrl} error={errors.logoUrl} onChange={(e) => setLogoUrl(e.target.value)} />
      <Field label="Contact email" type="email" value={email} error={errors['contact.email']} onChange={(e) => setEmail(e.target.value)} />
      <Field label="Contact phone" type="tel" value={phone} error={errors['contact.phone']} onChange={(e) => setPhone(e.target.value)} />
      <Field label="Website" type="url" value={website} error={errors['contact.website']} onChange={(e) => setWebsite(e.target.value)} />
      <ErrorMessage error={save.error} />
      <button type="submit" disabled={save.isPending}>
        {save.isPending ? 'Saving…' : brand ? 'Save the brand' : 'Create the brand'}
      </button>{' '}
      <button type="button" className="secondary" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}
