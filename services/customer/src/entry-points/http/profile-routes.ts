import { updateConsents } from '../../use-cases/update-consents.js';
import { updateProfile } from '../../use-cases/update-profile.js';
import type { CustomerApi } from './routes.js';
import { consentChoices, consentsView, profileChanges, profileView } from './schemas.js';
import { toConsentsView, toProfileView } from './representations.js';

export function addProfileRoutes(api: CustomerApi): void {
  api.add({
    method: 'get',
    path: '/me',
    operationId: 'getProfile',
    summary: 'My profile',
    description: 'The signed-in customer. Answers their profile, which the first authenticated call creates from the sign-in identity.',
    tags: ['profile'],
    responses: { 200: { description: 'Profile', body: profileView } },
    handle: (ctx) => {
      ctx.body = toProfileView(ctx.state.customer);
    },
  });

  api.add({
    method: 'patch',
    path: '/me',
    operationId: 'updateProfile',
    summary: 'Change my name, phone (E.164) or locale (BCP 47); null clears phone and locale',
    description:
      'The signed-in customer. Changes only the fields sent (null clears phone or locale) and answers the profile. The email is the sign-in identity and cannot be changed here.',
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
    operationId: 'getConsents',
    summary: 'What I agreed to, per channel, and when I last changed it (null: never asked)',
    description: 'The signed-in customer. Answers, per channel, whether they agreed and when they last answered; null means never asked.',
    tags: ['profile'],
    responses: { 200: { description: 'Consents', body: consentsView } },
    handle: (ctx) => {
      ctx.body = toConsentsView(ctx.state.customer.consents);
    },
  });

  api.add({
    method: 'put',
    path: '/me/consents',
    operationId: 'updateConsents',
    summary: 'Grant or withdraw consents; a channel keeps its date unless its answer changes',
    description:
      'The signed-in customer. Send the channels being answered (email, sms, push, marketing); each keeps its date unless its answer changes. Answers all consents.',
    tags: ['profile'],
    body: consentChoices,
    responses: { 200: { description: 'Consents', body: consentsView } },
    handle: async (ctx, { body }) => {
      ctx.body = toConsentsView(await updateConsents(ctx.state.em, ctx.state.customer, body));
    },
  });
}
