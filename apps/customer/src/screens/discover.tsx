import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import type { components } from '@loyalty/api-clients/customer';
import { api, ok } from '../api.js';
import { Empty, ErrorMessage, Field, Loading } from '../../../shared/ui.js';

type Program = components['schemas']['Program'];
type Where = { near: string } | { brandId: string };

const RADIUS_KM = 25;

function locate(): Promise<string> {
  return new Promise((resolve, reject) =>
    navigator.geolocation.getCurrentPosition(
      ({ coords }) => resolve(`${coords.latitude.toFixed(5)},${coords.longitude.toFixed(5)}`),
      (error) => reject(new Error(error.message)),
      { timeout: 10_000 },
    ),
  );
}

export function Discover() {
  const [where, setWhere] = useState<Where>();
  const [brandId, setBrandId] = useState('');
  const [locating, setLocating] = useState<string>();
  const programs = useQuery({
    queryKey: ['programs', where],
    enabled: where !== undefined,
    queryFn: () =>
      where && 'near' in where
        ? ok(api.GET('/programs', { params: { query: { near: where.near, radiusKm: RADIUS_KM } } }))
        : ok(api.GET('/brands/{brandId}/programs', { params: { path: { brandId: (where as { brandId: string }).brandId } } })),
  });

  const nearMe = async () => {
    setLocating('Finding where you are…');
    try {
      setWhere({ near: await locate() });
      setLocating(undefined);
    } catch (error) {
      setLocating(`We could not get your location (${error instanceof Error ? error.message : 'denied'}). Search by brand instead.`);
    }
  };
  const byBrand = (event: FormEvent) => {
    event.preventDefault();
    setWhere({ brandId: brandId.trim() });
  };

  return (
    <section aria-labelledby="discover-title">
      <h1 id="discover-title">Discover programs</h1>
      <button type="button" onClick={() => void nearMe()}>
        Programs near me
      </button>
      {locating && <p role="status">{locating}</p>}
      <form onSubmit={byBrand} className="inline">
        <Field label="Brand code" hint="Printed on the shop's loyalty poster." required value={brandId} onChange={(e) => setBrandId(e.target.value)} />
        <button type="submit" className="secondary">
          Search
        </button>
      </form>
      {programs.isLoading && <Loading what="programs" />}
      <ErrorMessage error={programs.error} />
      {programs.data && programs.data.items.length === 0 && <Empty>No programs found here yet.</Empty>}
      {programs.data && programs.data.items.length > 0 && (
        <ul className="cards" aria-label="Programs">
          {programs.data.items.map((program) => (
            <ProgramItem key={program.id} program={program} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ProgramItem({ program }: { program: Program }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const enrol = useMutation({
    mutationFn: () => ok(api.POST('/me/cards', { body: { programId: program.id } })),
    onSuccess: async (card) => {
      await queryClient.invalidateQueries({ queryKey: ['cards'] });
      await navigate({ to: '/cards/$cardId', params: { cardId: card.id } });
    },
  });
  const rules = program.rules;
  return (
    <li className="card">
      <h2>{program.name}</h2>
      <p>
        {rules.kind === 'stamp'
          ? `Collect ${rules.stampsRequired} stamps: ${rules.rewardDescription}`
          : `${rules.pointsPerUnit} point${rules.pointsPerUnit === 1 ? '' : 's'} per ${rules.currency} spent`}
      </p>
      {program.nearestStore && (
        <p className="muted">
          {program.nearestStore.name}, {program.nearestStore.distanceKm.toFixed(1)} km away
        </p>
      )}
      <ErrorMessage error={enrol.error} />
      <button type="button" onClick={() => enrol.mutate()} disabled={enrol.isPending} aria-label={`Join ${program.name}`}>
        {enrol.isPending ? 'Joining…' : 'Join'}
      </button>
    </li>
  );
}
