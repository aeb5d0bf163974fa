import { randomUUID } from 'node:crypto';
import { AppError, type Page } from '@loyalty/platform';
import { Brand, type BrandContact, type EntityManager } from '@loyalty/db';
import type { Principal } from '@loyalty/identity';
import { creationOrder, creationPage, type PageRequest } from '../data-access/creation-order.js';
import { requireStaff } from '../data-access/staff-access.js';
import { commitStaffAction } from '../data-access/staff-actions.js';

export interface BrandInput {
  name: string;
  category?: string | null | undefined;
  logoUrl?: string | null | undefined;
  contact?: BrandContact | undefined;
}

export async function createBrand(em: EntityManager, principal: Principal, businessId: string, input: BrandInput): Promise<Brand> {
  await requireStaff(em, principal, businessId, 'configureBusiness');
  const brand = em.create(Brand, {
    id: randomUUID(),
    businessId,
    name: input.name,
    category: input.category ?? null,
    logoUrl: input.logoUrl ?? null,
    contact: input.contact ?? {},
  });
  await commitStaffAction(em, principal, businessId, 'brand.created', { type: 'brand', id: brand.id }, { name: brand.name });
  return brand;
}

export async function listBrands(em: EntityManager, principal: Principal, businessId: string, page: PageRequest): Promise<Page<Brand>> {
  await requireStaff(em, principal, businessId, 'readConfiguration');
  const { where, orderBy } = creationOrder('id', page.cursor);
  const rows = await em.find(Brand, { businessId, ...where }, { orderBy, limit: page.limit + 1 });
  return creationPage(rows, page.limit, (brand) => brand.id);
}

export async function getBrand(em: EntityManager, principal: Principal, businessId: string, brandId: string): Promise<Brand> {
  await requireStaff(em, principal, businessId, 'readConfiguration');
  return findBrand(em, businessId, brandId);
}

export async function updateBrand(em: EntityManager, principal: Principal, businessId: string, brandId: string, changes: Partial<BrandInput>): Promise<Brand> {
  await requireStaff(em, principal, businessId, 'configureBusiness');
  const brand = await findBrand(em, businessId, brandId);
  em.assign(brand, changes);
  await commitStaffAction(em, principal, businessId, 'brand.updated', { type: 'brand', id: brand.id }, { changed: Object.keys(changes) });
  return brand;
}

export async function findBrand(em: EntityManager, businessId: string, brandId: string): Promise<Brand> {
  const brand = await em.findOne(Brand, { id: brandId, businessId });
  if (!brand) throw AppError.notFound('Brand');
  return brand;
}
