import { z } from 'zod';
import { AppError, decodeCursor, toPage, type Page } from '@loyalty/platform';
import { Brand, CatalogReward, Program, type EntityManager, type StoreAddress } from '@loyalty/db';
import { programsNearby } from '../data-access/programs-nearby.js';
import { isOnOffer } from '../domain/catalog-eligibility.js';
import { programTerms, type ProgramTerms } from '../domain/program-terms.js';

export interface NearestStore {
  id: string;
  name: string;
  address: StoreAddress;
  latitude: number;
  longitude: number;
  distanceKm: number;
}

export interface ProgramListing {
  program: Program;
  terms: ProgramTerms;
  rewards: CatalogReward[];
  nearestStore: NearestStore | null;
}

const afterProgram = z.object({ id: z.uuid() });
const afterNearby = z.object({ d: z.number().min(0), id: z.uuid() });

export async function programsOfBrand(em: EntityManager, brandId: string, page: { limit: number; cursor?: string }): Promise<Page<ProgramListing>> {
  if (!(await em.findOne(Brand, { id: brandId }))) throw AppError.notFound('Brand');
  const after = decodeCursor(page.cursor, afterProgram);
  const rows = await em.execute<Record<string, unknown>[]>(
    `select * from loyalty.programs p
      where p.brand_id = ? and p.status = 'active'
        and (?::uuid is null or (p.created_at, p.id) > (select created_at, id from loyalty.programs where id = ?))
      order by p.created_at, p.id limit ?`,
    [brandId, after?.id ?? null, after?.id ?? null, page.limit + 1],
  );
  const programs = toPage(
    rows.map((row) => em.map(Program, row)),
    page.limit,
    (last) => ({ id: last.id }),
  );
  return { items: await listings(em, programs.items, new Map()), nextCursor: programs.nextCursor };
}

export interface NearbySearch {
  latitude: number;
  longitude: number;
  radiusKm: number;
  limit: number;
  cursor?: string;
}

export async function programsNear(em: EntityManager, search: NearbySearch): Promise<Page<ProgramListing>> {
  const after = decodeCursor(search.cursor, afterNearby);
  const rows = await programsNearby(em, { ...search, after: after && { distanceKm: after.d, programId: after.id }, limit: search.limit + 1 });
  const page = toPage(rows, search.limit, (last) => ({ d: last.distance_km, id: last.program_id }));
  const programs = await em.find(Program, { id: { $in: page.items.map((r) => r.program_id) } });
  const byId = new Map(programs.map((p) => [p.id, p]));
  const stores = new Map(
    page.items.map((r) => [
      r.program_id,
      { id: r.store_id, name: r.store_name, address: r.address, latitude: r.latitude, longitude: r.longitude, distanceKm: r.distance_km },
    ]),
  );
  return {
    items: await listings(
      em,
      page.items.map((r) => byId.get(r.program_id)!),
      stores,
    ),
    nextCursor: page.nextCursor,
  };
}

async function listings(em: EntityManager, programs: Program[], nearestStores: Map<string, NearestStore>): Promise<ProgramListing[]> {
  const now = new Date();
  const catalog = await em.find(CatalogReward, { programId: { $in: programs.map((p) => p.id) }, status: 'active' }, { orderBy: { cost: 'asc', id: 'asc' } });
  const byProgram = Map.groupBy(
    catalog.filter((reward) => isOnOffer(reward, now)),
    (reward) => reward.programId,
  );
  return programs.map((program) => ({
    program,
    terms: programTerms(program),
    rewards: byProgram.get(program.id) ?? [],
    nearestStore: nearestStores.get(program.id) ?? null,
  }));
}
