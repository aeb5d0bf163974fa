import { pageQuery } from '@loyalty/platform';
import type { Quota } from '@loyalty/runtime/api';
import { createBusiness, getBusiness, listMyBusinesses, updateBusiness } from '../../use-cases/businesses.js';
import { createBrand, getBrand, listBrands, updateBrand } from '../../use-cases/brands.js';
import { createStore, getStore, listStores, updateStore } from '../../use-cases/stores.js';
import { created, location } from './answers.js';
import { toBrandView, toBusinessView, toMyBusinessView, toPageView, toStoreView } from './business-representations.js';
import {
  brandBody,
  brandChanges,
  brandPage,
  brandParams,
  brandView,
  businessBody,
  businessChanges,
  businessView,
  myBusinessList,
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

export interface BusinessRouteDeps {
  /** Businesses founded per staff user and window (BUSINESS_FOUNDING_LIMIT). */
  foundingQuota: Quota;
}

/** Businesses, brands, stores, staff, programs and their reward catalog. */
export function addBusinessRoutes(api: AdminApi, deps: BusinessRouteDeps): void {
  api.add({
    method: 'post',
    path: '/businesses',
    operationId: 'createBusiness',
    summary: 'Found a business; the caller becomes its owner',
    description:
      'Any signed-in staff user, a new one who signed up at /auth/sign-up included: the caller becomes the first owner (a staff member row with role owner), no Cognito group needed. Each user may found BUSINESS_FOUNDING_LIMIT businesses per window (default 3 a day); past that 429 BUSINESS_LIMIT_REACHED with Retry-After.',
    tags: ['businesses'],
    body: businessBody,
    responses: { 201: { description: 'Created', body: businessView, headers: location } },
    problems: { 429: 'BUSINESS_LIMIT_REACHED, RATE_LIMITED' },
    handle: async (ctx, { body }) => {
      const business = await createBusiness(ctx.state.em, ctx.state.principal, deps.foundingQuota, body);
      created(ctx, `/businesses/${business.id}`, toBusinessView(business));
    },
  });

  api.add({
    method: 'get',
    path: '/me/businesses',
    operationId: 'listMyBusinesses',
    summary: 'The businesses the caller works for, with the caller’s role and stores there',
    description:
      'Any signed-in staff user. Answers every business the caller is a member of, by name, with the caller’s role and store scope there: what to pick from after sign-in. A user with none (just signed up) gets an empty list: found one with POST /businesses.',
    tags: ['businesses'],
    responses: { 200: { description: 'The caller’s businesses', body: myBusinessList } },
    handle: async (ctx) => {
      ctx.body = { items: (await listMyBusinesses(ctx.state.em, ctx.state.principal)).map(toMyBusinessView) };
    },
  });

  api.add({
    method: 'get',
    path: '/businesses/{businessId}',
    operationId: 'getBusiness',
    summary: 'A business',
    description: 'Any staff member of the business; 404 NOT_FOUND to anyone else.',
    tags: ['businesses'],
    params: businessParams,
    responses: { 200: { description: 'The business', body: businessView } },
    problems: { 404: 'NOT_FOUND' },
    handle: async (ctx, { params }) => {
      ctx.body = toBusinessView(await getBusiness(ctx.state.em, ctx.state.principal, params.businessId));
    },
  });

  api.add({
    method: 'patch',
    path: '/businesses/{businessId}',
    operationId: 'updateBusiness',
    summary: 'Rename a business (owner, admin)',
    description:
      'Owners and admins of the business. Changes only the fields sent (today: `name`); any other field, `plan` included, answers 400 VALIDATION_FAILED. Answers the changed business.',
    tags: ['businesses'],
    params: businessParams,
    body: businessChanges,
    responses: { 200: { description: 'The changed business', body: businessView } },
    problems: configureProblems,
    handle: async (ctx, { params, body }) => {
      ctx.body = toBusinessView(await updateBusiness(ctx.state.em, ctx.state.principal, params.businessId, body));
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
