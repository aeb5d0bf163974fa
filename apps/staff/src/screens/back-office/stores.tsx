import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { components } from '@loyalty/api-clients/admin';
import { api, ok } from '../../api.js';
import { Empty, ErrorMessage, Field, Loading } from '../../../../shared/ui.js';
import { brandsQuery } from './brands.js';
import { apiFieldErrors, onSubmit, SelectField, useBusinessId, useMayManageBusiness, FormTitle } from './form-parts.js';
import { OpeningHoursEditor, openingHoursForApi, type OpeningPeriod } from './opening-hours.js';

type Store = components['schemas']['Store'];
type Brand = components['schemas']['Brand'];

const TIME_ZONES = Intl.supportedValuesOf('timeZone');
const BROWSER_TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The stores of every brand: where the counter records, with their time zone and opening hours. */
export function Stores() {
  const businessId = useBusinessId();
  const mayManage = useMayManageBusiness();
  const stores = useQuery({
    queryKey: ['stores', businessId],
    queryFn: () => ok(api.GET('/businesses/{businessId}/stores', { params: { path: { businessId }, query: { limit: 100 } } })),
  });
  const brands = useQuery(brandsQuery(businessId));
  const [editing, setEditing] = useState<Store | 'new'>();
  const brandName = (id: string) => brands.data?.items.find((b) => b.id === id)?.name ?? '';
  const items = stores.data?.items;
  const noBrand = brands.data?.items.length === 0;
  return (
    <section aria-labelledby="stores-title">
      <h1 id="stores-title">Stores</h1>
      {(stores.isLoading || brands.isLoading) && <Loading what="the stores" />}
      <ErrorMessage error={stores.error ?? brands.error} />
      {items?.length === 0 && <Empty>No store yet.{noBrand && ' Create a brand first: every store belongs to one.'}</Empty>}
      {items && items.length > 0 && (
        <ul className="plain list">
          {items.map((store) => (
            <li key={store.id}>
              <strong>{store.name}</strong>{' '}
              <span className="muted">
                · {brandName(store.brandId)} · {store.timeZone} ·{' '}
                {store.openingHours.length ? `${store.openingHours.length} opening periods` : 'no opening hours'}
              </span>
              {mayManage && (
                <button type="button" className="secondary" aria-label={`Edit ${store.name}`} onClick={() => setEditing(store)}>
                  Edit
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {mayManage && !editing && brands.data && !noBrand && (
        <button type="button" onClick={() => setEditing('new')}>
          New store
        </button>
      )}
      {editing && brands.data && (
        <StoreForm
          key={editing === 'new' ? 'new' : editing.id}
          store={editing === 'new' ? undefined : editing}
          brands={brands.data.items}
          onDone={() => setEditing(undefined)}
        />
      )}
    </section>
  );
}

function StoreForm({ store, brands, onDone }: { store?: Store; brands: Brand[]; onDone: () => void }) {
  const businessId = useBusinessId();
  const queryClient = useQueryClient();
  const [brandId, setBrandId] = useState(store?.brandId ?? brands[0]?.id ?? '');
  const [name, setName] = useState(store?.name ?? '');
  const [timeZone, setTimeZone] = useState(store?.timeZone ?? (TIME_ZONES.includes(BROWSER_TIME_ZONE) ? BROWSER_TIME_ZONE : 'UTC'));
  const [line1, setLine1] = useState(store?.address.line1 ?? '');
  const [city, setCity] = useState(store?.address.city ?? '');
  const [postalCode, setPostalCode] = useState(store?.address.postalCode ?? '');
  const [country, setCountry] = useState(store?.address.country ?? '');
  const [openingHours, setOpeningHours] = useState<OpeningPeriod[]>(store?.openingHours ?? []);
  const save = useMutation({
    mutationFn: () => {
      const address = { ...(line1 && { line1 }), ...(city && { city }), ...(postalCode && { postalCode }), ...(country && { country: country.toUpperCase() }) };
      const body = { brandId, name, timeZone, address: { ...store?.address, ...address }, openingHours: openingHoursForApi(openingHours) };
      return store
        ? ok(api.PATCH('/businesses/{businessId}/stores/{storeId}', { params: { path: { businessId, storeId: store.id } }, body }))
        : ok(api.POST('/businesses/{businessId}/stores', { params: { path: { businessId } }, body }));
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['stores', businessId] });
      onDone();
    },
  });
  const errors = apiFieldErrors(save.error);
  return (
    <form onSubmit={onSubmit(() => save.mutate())} aria-labelledby="store-form-title">
      <FormTitle id="store-form-title">{store ? `Edit ${store.name}` : 'New store'}</FormTitle>
      <SelectField label="Brand" value={brandId} error={errors.brandId} onChange={(e) => setBrandId(e.target.value)}>
        {brands.map((brand) => (
          <option key={brand.id} value={brand.id}>
            {brand.name}
          </option>
        ))}
      </SelectField>
      <Field label="Store name" required maxLength={200} value={name} error={errors.name} onChange={(e) => setName(e.target.value)} />
      <SelectField label="Time zone" value={timeZone} error={errors.timeZone} onChange={(e) => setTimeZone(e.target.value)}>
        {TIME_ZONES.map((zone) => (
          <option key={zone} value={zone}>
            {zone}
          </option>
        ))}
      </SelectField>
      <Field label="Street and number" maxLength={200} value={line1} error={errors['address.line1']} onChange={(e) => setLine1(e.target.value)} />
      <Field label="Postal code" maxLength={20} value={postalCode} error={errors['address.postalCode']} onChange={(e) => setPostalCode(e.target.value)} />
      <Field label="City" maxLength={100} value={city} error={errors['address.city']} onChange={(e) => setCity(e.target.value)} />
      <Field
        label="Country"
        hint="Two letters, e.g. DE"
        maxLength={2}
        value={country}
        error={errors['address.country']}
        onChange={(e) => setCountry(e.target.value)}
      />
      <OpeningHoursEditor periods={openingHours} onChange={setOpeningHours} errors={errors} />
      <ErrorMessage error={save.error} />
      <button type="submit" disabled={save.isPending}>
        {save.isPending ? 'Saving…' : store ? 'Save the store' : 'Create the store'}
      </button>{' '}
      <button type="button" className="secondary" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}
