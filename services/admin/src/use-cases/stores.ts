import { randomUUID } from 'node:crypto';
import { AppError, type Page } from '@loyalty/platform';
import { Store, type EntityManager, type OpeningPeriod, type StoreAddress } from '@loyalty/db';
import type { Principal } from '@loyalty/identity';
import { creationOrder, creationPage, type PageRequest } from '../data-access/creation-order.js';
import { requireStaff, requireStoreAccess } from '../data-access/staff-access.js';
import { findBrand } from './brands.js';
import { commitStaffAction } from '../data-access/staff-actions.js';

export interface StoreInput {
  brandId: string;
  name: string;
  timeZone: string;
  address?: StoreAddress | undefined;
  latitude?: number | null | undefined;
  longitude?: number | null | undefined;
  openingHours?: OpeningPeriod[] | undefined;
}

export async function createStore(em: EntityManager, principal: Principal, businessId: string, input: StoreInput): Promise<Store> {
  await requireStaff(em, principal, businessId, 'configureBusiness');
  const brand = await findBrand(em, businessId, input.brandId);
  const store = em.create(Store, {
    id: randomUUID(),
    businessId,
    brandId: brand.id,
    name: input.name,
    timeZone: input.timeZone,
    address: input.address ?? {},
    latitude: input.latitude ?? null,
    longitude: input.longitude ?? null,
    openingHours: input.openingHours ?? [],
  });
  await commitStaffAction(em, principal, businessId, 'store.created', { type: 'store', id: store.id }, { name: store.name });
  return store;
}

export async function listStores(
  em: EntityManager,
  principal: Principal,
  businessId: string,
  page: PageRequest & { brandId?: string | undefined },
): Promise<Page<Store>> {
  await requireStaff(em, principal, businessId, 'readConfiguration');
  const { where, orderBy } = creationOrder('id', page.cursor);
  const rows = await em.find(Store, { businessId, ...(page.brandId ? { brandId: page.brandId } : {}), ...where }, { orderBy, limit: page.limit + 1 });
  return creationPage(rows, page.limit, (store) => store.id);
}

export async function getStore(em: EntityManager, principal: Principal, businessId: string, storeId: string): Promise<Store> {
  await requireStaff(em, principal, businessId, 'readConfiguration');
  return findStore(em, businessId, storeId);
}

/** Staff limited to some stores may change only those. */
export async function updateStore(em: EntityManager, principal: Principal, businessId: string, storeId: string, changes: Partial<StoreInput>): Promise<Store> {
  const member = await requireStaff(em, principal, businessId, 'configureBusiness');
  const store = await findStore(em, businessId, storeId);
  requireStoreAccess(member, store.id);
  if (changes.brandId !== undefined) await findBrand(em, businessId, changes.brandId);
  em.assign(store, changes);
  await commitStaffAction(em, principal, businessId, 'store.updated', { type: 'store', id: store.id }, { changed: Object.keys(changes) });
  return store;
}

async function findStore(em: EntityManager, businessId: string, storeId: string): Promise<Store> {
  const store = await em.findOne(Store, { id: storeId, businessId });
  if (!store) throw AppError.notFound('Store');
  return store;
}
