import { updateConsents } from '../../use-cases/update-consents.js';
import { updateProfile } from '../../use-cases/update-profile.js';
import type { CustomerApi } from './routes.js';
import { consentChoices, consentsView, profileChanges, profileView } from './schemas.js';
import { toConsentsView, toProfileView } from './representations.js';

export function addProfileRoutes(api: CustomerApi): void {
  api.add({
    method: 'get',
    path: '/me',
    summary: 'My profile',
    tags: ['profile'],
    responses: { 200: { description: 'Profile', body: profileView } },
    handle: (ctx) => {
      ctx.body = toProfileView(ctx.state.customer);
    },
  });

  api.add({
    method: 'patch',
    path: '/me',
    summary: 'Change my name, phone (E.164) or locale (BCP 47); null clears phone and locale',
    tags: ['profile'],
    body: profileChanges,
    responses: { 200: { description: 'Profile', body: profileView } },
    handle: async (ctx, { body }) => {
      ctx.body = toProfileView(await updateProfile(ctx.state.em, ctx.state.customer, body));
    },
  });

  api.add({
    method: 'get',
    path: '/me/consents',
    summary: 'What I agreed to, per channel, and when I last changed it (null: never asked)',
    tags: ['profile'],
    responses: { 200: { description: 'Consents', body: consentsView } },
    handle: (ctx) => {
      ctx.body = toConsentsView(ctx.state.customer.consents);
    },
  });

  api.add({
    method: 'put',
    path: '/me/consents',
    summary: 'Grant or withdraw consents; a channel keeps its date unless its answer changes',
    tags: ['profile'],
    body: consentChoices,
    responses: { 200: { description: 'Consents', body: consentsView } },
    handle: async (ctx, { body }) => {
      ctx.body = toConsentsView(await updateConsents(ctx.state.em, ctx.state.customer, body));
    },
  });
}
