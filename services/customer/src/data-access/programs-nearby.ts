import type { EntityManager, StoreAddress } from '@loyalty/db';

export interface NearbyProgramRow {
  program_id: string;
  store_id: string;
  store_name: string;
  address: StoreAddress;
  latitude: number;
  longitude: number;
  distance_km: number;
}

export interface NearbyQuery {
  latitude: number;
  longitude: number;
  radiusKm: number;
  after?: { distanceKm: number; programId: string };
  limit: number;
}

const EARTH_RADIUS_KM = 6371.0088;
const KM_PER_DEGREE_LATITUDE = 111.2;

/**
 * Active programs with a store within the radius, each with its nearest store, nearest first.
 * Haversine in SQL; the latitude band in front of it lets the stores_geo index skip far-away rows.
 */
export async function programsNearby(em: EntityManager, query: NearbyQuery): Promise<NearbyProgramRow[]> {
  const band = query.radiusKm / KM_PER_DEGREE_LATITUDE;
  return em.execute<NearbyProgramRow[]>(
    `with distances as (
       select p.id as program_id, s.id as store_id, s.name as store_name, s.address, s.latitude, s.longitude,
              2 * ? * asin(least(1, sqrt(
                power(sin(radians(s.latitude - ?) / 2), 2)
                + cos(radians(?)) * cos(radians(s.latitude)) * power(sin(radians(s.longitude - ?) / 2), 2)))) as distance_km
         from loyalty.programs p
         join business.stores s on s.brand_id = p.brand_id
        where p.status = 'active' and s.latitude between ? and ?
     ), nearest as (
       select distinct on (program_id) * from distances where distance_km <= ? order by program_id, distance_km, store_id
     )
     select * from nearest
      where (?::float8 is null or (distance_km, program_id) > (?::float8, ?::uuid))
      order by distance_km, program_id limit ?`,
    [
      EARTH_RADIUS_KM,
      query.latitude,
      query.latitude,
      query.longitude,
      query.latitude - band,
      query.latitude + band,
      query.radiusKm,
      query.after?.distanceKm ?? null,
      query.after?.distanceKm ?? null,
      query.after?.programId ?? null,
      query.limit,
    ],
  );
}
