import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import type { components } from '@loyalty/api-clients/admin';
import { api, ok } from '../../api.js';
import { ApiError } from '../../../../shared/problems.js';
import { Empty, ErrorMessage, Field, Loading, formatDate } from '../../../../shared/ui.js';
import { apiFieldErrors, ConfirmButton, numberOr, onSubmit, useBusinessId, FormTitle } from './form-parts.js';

type Reward = components['schemas']['CatalogReward'];

/** A datetime-local input's value (the browser's local time) and the API's UTC instant, both ways. */
const toInstant = (local: string) => (local ? new Date(local).toISOString() : null);
function toLocalInput(instant: string | null): string {
  if (!instant) return '';
  const date = new Date(instant);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** The rewards a program's customers can redeem their stamps or points for. */
export function Catalog({ programId }: { programId: string }) {
  const businessId = useBusinessId();
  const program = useQuery({
    queryKey: ['program', businessId, programId],
    queryFn: () => ok(api.GET('/businesses/{businessId}/programs/{programId}', { params: { path: { businessId, programId } } })),
  });
  const rewards = useQuery({
    queryKey: ['rewards', businessId, programId],
    queryFn: () =>
      ok(
        api.GET('/businesses/{businessId}/programs/{programId}/rewards', {
          params: { path: { businessId, programId }, query: { limit: 100, status: 'active' } },
        }),
      ),
  });
  const [editing, setEditing] = useState<Reward | 'new'>();
  const unit = program.data?.kind === 'stamp' ? 'stamps' : 'points';
  const items = rewards.data?.items;
  const ended = program.data?.status === 'ended';
  return (
    <section aria-labelledby="catalog-title">
      <p>
        <Link to="/back-office/programs">← All programs</Link>
      </p>
      <h1 id="catalog-title">{program.data ? `Rewards · ${program.data.name}` : 'Rewards'}</h1>
      {(program.isLoading || rewards.isLoading) && <Loading what="the rewards" />}
      {program.error instanceof ApiError && program.error.code === 'NOT_FOUND' ? (
        <p role="alert" className="error">
          There is no such program.
        </p>
      ) : (
        <ErrorMessage error={program.error ?? rewards.error} />
      )}
      {items?.length === 0 && <Empty>No reward in this program's catalog yet.</Empty>}
      {items && items.length > 0 && (
        <ul className="plain list">
          {items.map((reward) => (
            <RewardRow key={reward.id} reward={reward} unit={unit} onEdit={() => setEditing(reward)} />
          ))}
        </ul>
      )}
      {program.data && !ended && !editing && (
        <button type="button" onClick={() => setEditing('new')}>
          New reward
        </button>
      )}
      {editing && (
        <RewardForm
          key={editing === 'new' ? 'new' : editing.id}
          programId={programId}
          unit={unit}
          reward={editing === 'new' ? undefined : editing}
          onDone={() => setEditing(undefined)}
        />
      )}
    </section>
  );
}

function RewardRow({ reward, unit, onEdit }: { reward: Reward; unit: string; onEdit: () => void }) {
  const businessId = useBusinessId();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () =>
      ok(
        api.DELETE('/businesses/{businessId}/programs/{programId}/rewards/{rewardId}', {
          params: { path: { businessId, programId: reward.programId, rewardId: reward.id } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['rewards', businessId, reward.programId] }),
  });
  const limits = [
    reward.stock === null ? 'unlimited stock' : `${reward.stock} left`,
    reward.perCustomerLimit !== null && `at most ${reward.perCustomerLimit} per customer`,
    reward.validFrom && `from ${formatDate(reward.validFrom)}`,
    reward.validUntil && `until ${formatDate(reward.validUntil)}`,
  ].filter(Boolean);
  return (
    <li>
      <strong>{reward.name}</strong>{' '}
      <span className="muted">
        · {reward.cost} {unit} · {limits.join(' · ')}
      </span>
      {reward.description && <p>{reward.description}</p>}
      <div className="actions">
        <button type="button" className="secondary" onClick={onEdit}>
          Edit {reward.name}
        </button>
        <ConfirmButton
          label={`Delete ${reward.name}`}
          question={`Delete ${reward.name}? Customers can no longer redeem it.`}
          disabled={remove.isPending}
          onConfirm={() => remove.mutate()}
        />
      </div>
      <ErrorMessage error={remove.error} />
    </li>
  );
}

function RewardForm({ programId, unit, reward, onDone }: { programId: string; unit: string; reward?: Reward; onDone: () => void }) {
  const businessId = useBusinessId();
  const queryClient = useQueryClient();
  const [name, setName] = useState(reward?.name ?? '');
  const [description, setDescription] = useState(reward?.description ?? '');
  const [cost, setCost] = useState(reward ? String(reward.cost) : '');
  const [stock, setStock] = useState(reward?.stock === null || reward === undefined ? '' : String(reward.stock));
  const [perCustomerLimit, setPerCustomerLimit] = useState(reward?.perCustomerLimit == null ? '' : String(reward.perCustomerLimit));
  const [validFrom, setValidFrom] = useState(toLocalInput(reward?.validFrom ?? null));
  const [validUntil, setValidUntil] = useState(toLocalInput(reward?.validUntil ?? null));
  const save = useMutation({
    mutationFn: () => {
      const body = {
        name,
        description,
        cost: Number(cost),
        stock: numberOr(stock, null),
        perCustomerLimit: numberOr(perCustomerLimit, null),
        validFrom: toInstant(validFrom),
        validUntil: toInstant(validUntil),
      };
      const path = { businessId, programId };
      return reward
        ? ok(api.PATCH('/businesses/{businessId}/programs/{programId}/rewards/{rewardId}', { params: { path: { ...path, rewardId: reward.id } }, body }))
        : ok(api.POST('/businesses/{businessId}/programs/{programId}/rewards', { params: { path }, body }));
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['rewards', businessId, programId] });
      onDone();
    },
  });
  const errors = apiFieldErrors(save.error);
  return (
    <form onSubmit={onSubmit(() => save.mutate())} aria-labelledby="reward-form-title">
      <FormTitle id="reward-form-title">{reward ? `Edit ${reward.name}` : 'New reward'}</FormTitle>
      <Field label="Reward name" required maxLength={200} value={name} error={errors.name} onChange={(e) => setName(e.target.value)} />
      <Field label="Description" maxLength={2000} value={description} error={errors.description} onChange={(e) => setDescription(e.target.value)} />
      <Field label={`Cost in ${unit}`} type="number" min={1} step={1} required value={cost} error={errors.cost} onChange={(e) => setCost(e.target.value)} />
      <Field
        label="Stock"
        type="number"
        min={0}
        step={1}
        hint="Empty: unlimited"
        value={stock}
        error={errors.stock}
        onChange={(e) => setStock(e.target.value)}
      />
      <Field
        label="Most per customer"
        type="number"
        min={1}
        step={1}
        hint="Empty: no limit"
        value={perCustomerLimit}
        error={errors.perCustomerLimit}
        onChange={(e) => setPerCustomerLimit(e.target.value)}
      />
      <Field label="Valid from" type="datetime-local" value={validFrom} error={errors.validFrom} onChange={(e) => setValidFrom(e.target.value)} />
      <Field label="Valid until" type="datetime-local" value={validUntil} error={errors.validUntil} onChange={(e) => setValidUntil(e.target.value)} />
      <ErrorMessage error={save.error} />
      <button type="submit" disabled={save.isPending}>
        {save.isPending ? 'Saving…' : reward ? 'Save the reward' : 'Add the reward'}
      </button>{' '}
      <button type="button" className="secondary" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}
