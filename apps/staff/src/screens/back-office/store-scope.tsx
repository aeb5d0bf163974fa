import type { components } from '@loyalty/api-clients/admin';

type Store = components['schemas']['Store'];

/** Which stores a member may act for: none ticked means every store. */
export function StoreScope({
  legend,
  stores,
  value,
  onChange,
}: {
  legend: string;
  stores: readonly Store[];
  value: readonly string[];
  onChange: (storeIds: string[]) => void;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      <p className="hint">Tick none for every store, now and future ones.</p>
      {stores.map((store) => (
        <label key={store.id} className="check">
          <input
            type="checkbox"
            checked={value.includes(store.id)}
            onChange={(e) => onChange(e.target.checked ? [...value, store.id] : value.filter((id) => id !== store.id))}
          />{' '}
          {store.name}
        </label>
      ))}
    </fieldset>
  );
}

export function scopeText(storeIds: readonly string[] | null, stores: readonly Store[]): string {
  if (!storeIds) return 'Every store';
  return storeIds.map((id) => stores.find((store) => store.id === id)?.name ?? 'A removed store').join(', ');
}
