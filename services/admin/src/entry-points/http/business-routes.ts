import { pageQuery } from '@loyalty/platform';
import { createBusiness } from '../../use-cases/businesses.js';
import { createBrand, getBrand, listBrands, updateBrand } from '../../use-cases/brands.js';
import { createStore, getStore, listStores, updateStore } from '../../use-cases/stores.js';
import { created, location } from './answers.js';
import { toBrandView, toPageView, toStoreView } from './business-representations.js';
import {
  brandBody,
  brandChanges,
  brandPage,
  brandParams,
  brandView,
  businessBody,
  businessView,
  storeBody,
  storeChanges,
  storePage,
  storeParams,
  storeQuery,
  storeView,
} from './business-schemas.js';
import { addCatalogRoutes } from './catalog-routes.js';
import { addProgramRoutes } from './program-routes.js';
import type { AdminApi } from './routes.js';
import { businessParams } from './schemas.js';

const configureProblems = { 403: 'FORBIDDEN', 404: 'NOT_FOUND' };

/** Businesses, brands, stores, staff, programs and their reward catalog. */
export function addBusinessRoutes(api: AdminApi): void {
  api.add({
    method: 'post',
    path: '/businesses',
    operationId: 'createBusiness',
    summary: 'Found a business; the caller (staff pool group owner) becomes its owner',
    description:
      "Staff users in the staff pool's owner group only (anyone else answers 403 FORBIDDEN). Answers the new business; the caller becomes its first owner.",
    tags: ['businesses'],
    body: businessBody,
    responses: { 201: { description: 'Created', body: businessView, headers: location } },
    problems: { 403: 'FORBIDDEN' },
    handle: async (ctx, { body }) => {
      const business = await createBusiness(ctx.state.em, ctx.state.principal, body);
      created(ctx, `/businesses/${business.id}`, { id: business.id, name: business.name });
    },
  });

  api.add({
    method: 'post',
    path: '/businesses/{businessId}/brands',
    operationId: 'createBrand',
    summary: 'Add a brand (owner, admin)',
    description: 'Owners and admins of the business. Answers the new brand and its URL; programs and stores hang off a brand.',
    tags: ['brands'],
    params: businessParams,
    body: brandBody,
    responses: { 201: { description: 'Created', body: brandView, headers: location } },
    problems: configureProblems,
    handle: async (ctx, { params, body }) => {
      const brand = await createBrand(ctx.state.em, ctx.state.principal, params.businessId, body);
      created(ctx, `/businesses/${params.businessId}/brands/${brand.id}`, toBrandView(brand));
    },
  });

  api.add({
    method: 'get',
    path: '/businesses/{businessId}/brands',
    operationId: 'listBrands',
    summary: 'The brands, oldest first',
    description: 'Any staff member of the business. Answers one page of brands, oldest first; follow `nextCursor` for the next page.',
    tags: ['brands'],
    params: businessParams,
    query: pageQuery,
    responses: { 200: { description: 'A page of brands', body: brandPage } },
    problems: { 400: 'INVALID_CURSOR', 404: 'NOT_FOUND' },
    handle: async (ctx, { params, query }) => {
      ctx.body = toPageView(await listBrands(ctx.state.em, ctx.state.principal, params.businessId, query), toBrandView);
    },
  });

  api.add({
    method: 'get',
    path: '/businesses/{businessId}/brands/{brandId}',
    operationId: 'getBrand',
    summary: 'A brand',
    description: 'Any staff member of the business. Answers the brand with its contact details; 404 NOT_FOUND for a brand of another business.',
    tags: ['brands'],
    params: brandParams,
    responses: { 200: { description: 'The brand', body: brandView } },
    problems: { 404: 'NOT_FOUND' },
    handle: async (ctx, { params }) => {
      ctx.body = toBrandView(await getBrand(ctx.state.em, ctx.state.principal, params.businessId, params.brandId));
    },
  });

  api.add({
    method: 'patch',
    path: '/businesses/{businessId}/brands/{brandId}',
    operationId: 'updateBrand',
    summary: 'Change a brand (owner, admin); `contact` is replaced whole',
    description: 'Owners and admins. Changes only the fields sent; `contact`, when sent, replaces the whole contact block. Answers the changed brand.',
    tags: ['brands'],
    params: brandParams,
    body: brandChanges,
    responses: { 200: { description: 'The changed brand', body: brandView } },
    problems: configureProblems,
    handle: async (ctx, { params, body }) => {
      ctx.body = toBrandView(await updateBrand(ctx.state.em, ctx.state.principal, params.businessId, params.brandId, body));
    },
  });

  api.add({
    method: 'post',
    path: '/businesses/{businessId}/stores',
    operationId: 'createStore',
    summary: 'Add a store to a brand (owner, admin)',
    description:
      'Owners and admins. The store belongs to one brand of the business and has an IANA time zone (an unknown zone answers 400 VALIDATION_FAILED). Answers the new store and its URL.',
    tags: ['stores'],
    params: businessParams,
    body: storeBody,
    responses: { 201: { description: 'Created', body: storeView, headers: location } },
    problems: configureProblems,
    handle: async (ctx, { params, body }) => {
      const store = await createStore(ctx.state.em, ctx.state.principal, params.businessId, body);
      created(ctx, `/businesses/${params.businessId}/stores/${store.id}`, toStoreView(store));
    },
  });

  api.add({
    method: 'get',
    path: '/businesses/{businessId}/stores',
    operationId: 'listStores',
    summary: 'The stores, oldest first, optionally of one brand',
    description:
      'Any staff member of the business. Answers one page of stores, oldest first, all of them or those of `brandId`; follow `nextCursor` for the next page.',
    tags: ['stores'],
    params: businessParams,
    query: storeQuery,
    responses: { 200: { description: 'A page of stores', body: storePage } },
    problems: { 400: 'INVALID_CURSOR', 404: 'NOT_FOUND' },
    handle: async (ctx, { params, query }) => {
      ctx.body = toPageView(await listStores(ctx.state.em, ctx.state.principal, params.businessId, query), toStoreView);
    },
  });

  api.add({
    method: 'get',
    path: '/businesses/{businessId}/stores/{storeId}',
    operationId: 'getStore',
    summary: 'A store',
    description: 'Any staff member of the business. Answers the store with its address and opening hours.',
    tags: ['stores'],
    params: storeParams,
    responses: { 200: { description: 'The store', body: storeView } },
    problems: { 404: 'NOT_FOUND' },
    handle: async (ctx, { params }) => {
      ctx.body = toStoreView(await getStore(ctx.state.em, ctx.state.principal, params.businessId, params.storeId));
    },
  });

  api.add({
    method: 'patch',
    path: '/businesses/{businessId}/stores/{storeId}',
    operationId: 'updateStore',
    summary: 'Change a store (owner, admin; store-scoped staff only their stores); `address` and `openingHours` are replaced whole',
    description:
      'Owners and admins; staff limited to some stores may change only those (403 STORE_NOT_ALLOWED). Changes only the fields sent and answers the changed store.',
    tags: ['stores'],
    params: storeParams,
    body: storeChanges,
    responses: { 200: { description: 'The changed store', body: storeView } },
    problems: { 403: 'FORBIDDEN, STORE_NOT_ALLOWED', 404: 'NOT_FOUND' },
    handle: async (ctx, { params, body }) => {
      ctx.body = toStoreView(await updateStore(ctx.state.em, ctx.state.principal, params.businessId, params.storeId, body));
    },
  });

  addProgramRoutes(api);
  addCatalogRoutes(api);
}
