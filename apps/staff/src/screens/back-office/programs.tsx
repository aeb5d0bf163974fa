import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import type { components } from '@loyalty/api-clients/admin';
import { api, ok } from '../../api.js';
import { Empty, ErrorMessage, Loading } from '../../../../shared/ui.js';
import { brandsQuery } from './brands.js';
import { ConfirmButton, SelectField, useBusinessId } from './form-parts.js';
import { ProgramForm } from './program-form.js';

type Program = components['schemas']['Program'];
type Status = Program['status'];
type Action = 'activate' | 'pause' | 'resume' | 'end';

/** What each status allows, as the API's lifecycle does: draft → active ⇄ paused → ended. */
const actionsFrom: Record<Status, Action[]> = { draft: ['activate'], active: ['pause', 'end'], paused: ['resume', 'end'], ended: [] };
const actionLabels: Record<Action, string> = { activate: 'Activate', pause: 'Pause', resume: 'Resume', end: 'End' };
const STATUSES: Status[] = ['draft', 'active', 'paused', 'ended'];

export function Programs() {
  const businessId = useBusinessId();
  const [status, setStatus] = useState<Status | ''>('');
  const programs = useQuery({
    queryKey: ['programs', businessId, status],
    queryFn: () => ok(api.GET('/businesses/{businessId}/programs', { params: { path: { businessId }, query: { limit: 100, ...(status && { status }) } } })),
  });
  const brands = useQuery(brandsQuery(businessId));
  const [editing, setEditing] = useState<Program | 'new'>();
  const items = programs.data?.items;
  const noBrand = brands.data?.items.length === 0;
  return (
    <section aria-labelledby="programs-title">
      <h1 id="programs-title">Programs</h1>
      <SelectField label="Show" value={status} onChange={(e) => setStatus(e.target.value as Status | '')}>
        <option value="">All programs</option>
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {s.charAt(0).toUpperCase() + s.slice(1)}
          </option>
        ))}
      </SelectField>
      {(programs.isLoading || brands.isLoading) && <Loading what="the programs" />}
      <ErrorMessage error={programs.error ?? brands.error} />
      {items?.length === 0 && <Empty>{status ? `No ${status} program.` : `No program yet.${noBrand ? ' Create a brand first.' : ''}`}</Empty>}
      {items && items.length > 0 && (
        <ul className="plain list">
          {items.map((program) => (
            <ProgramRow key={program.id} program={program} onEdit={() => setEditing(program)} />
          ))}
        </ul>
      )}
      {!editing && brands.data && !noBrand && (
        <button type="button" onClick={() => setEditing('new')}>
          New program
        </button>
      )}
      {editing && brands.data && (
        <ProgramForm
          key={editing === 'new' ? 'new' : editing.id}
          program={editing === 'new' ? undefined : editing}
          brands={brands.data.items}
          onDone={() => setEditing(undefined)}
        />
      )}
    </section>
  );
}

function ProgramRow({ program, onEdit }: { program: Program; onEdit: () => void }) {
  const businessId = useBusinessId();
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: (action: Action) =>
      ok(api.POST(`/businesses/{businessId}/programs/{programId}/${action}`, { params: { path: { businessId, programId: program.id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['programs', businessId] }),
  });
  const summary =
    program.kind === 'stamp'
      ? `${program.rules.stampsRequired} stamps for ${program.rules.rewardDescription}`
      : `${program.rules.pointsPerUnit} points per ${program.rules.currency}`;
  return (
    <li>
      <strong>{program.name}</strong> <span className={`badge status-${program.status}`}>{program.status}</span>{' '}
      <span className="muted">
        · {program.kind === 'stamp' ? 'Stamp card' : 'Points'} · {summary}
      </span>
      <div className="actions">
        {actionsFrom[program.status].map((action) =>
          action === 'end' ? (
            <ConfirmButton
              key={action}
              label={`End ${program.name}`}
              question={`End ${program.name} for good? Cards can no longer earn or redeem.`}
              disabled={change.isPending}
              onConfirm={() => change.mutate('end')}
            />
          ) : (
            <button key={action} type="button" disabled={change.isPending} onClick={() => change.mutate(action)}>
              {actionLabels[action]} {program.name}
            </button>
          ),
        )}
        {program.status !== 'ended' && (
          <button type="button" className="secondary" onClick={onEdit}>
            Edit {program.name}
          </button>
        )}
        <Link to="/back-office/programs/$programId/rewards" params={{ programId: program.id }}>
          Rewards of {program.name}
        </Link>
      </div>
      <ErrorMessage error={change.error} />
    </li>
  );
}
