import { pageQuery } from '@loyalty/platform';
import type { StaffIdentity } from '../../data-access/staff-identity.js';
import { addStaffMember, changeStaffMember, listStaff, removeStaffMember } from '../../use-cases/staff.js';
import { created, location } from './answers.js';
import { toPageView, toStaffView } from './business-representations.js';
import { staffBody, staffChanges, staffPage, staffParams, staffView } from './business-schemas.js';
import { requestOrigin } from '@loyalty/platform/http';
import type { AdminApi } from './routes.js';
import { businessParams } from './schemas.js';

/** Staff records and roles (owner, admin). Sign-in identities live in the staff user pool. */
export function addStaffRoutes(api: AdminApi, deps: { identity: StaffIdentity }): void {
  api.add({
    method: 'post',
    path: '/businesses/{businessId}/staff',
    summary: 'Add a staff member (owner, admin; only an owner can add an owner)',
    tags: ['staff'],
    params: businessParams,
    body: staffBody,
    responses: { 201: { description: 'Created', body: staffView, headers: location } },
    problems: { 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'STAFF_MEMBER_EXISTS' },
    handle: async (ctx, { params, body }) => {
      const member = await addStaffMember(ctx.state.em, ctx.state.principal, params.businessId, body);
      created(ctx, `/businesses/${params.businessId}/staff/${encodeURIComponent(member.cognitoSub)}`, toStaffView(member));
    },
  });

  api.add({
    method: 'get',
    path: '/businesses/{businessId}/staff',
    summary: 'The staff members, oldest first (owner, admin)',
    tags: ['staff'],
    params: businessParams,
    query: pageQuery,
    responses: { 200: { description: 'A page of staff members', body: staffPage } },
    problems: { 400: 'INVALID_CURSOR', 403: 'FORBIDDEN', 404: 'NOT_FOUND' },
    handle: async (ctx, { params, query }) => {
      ctx.body = toPageView(await listStaff(ctx.state.em, ctx.state.principal, params.businessId, query), toStaffView);
    },
  });

  api.add({
    method: 'patch',
    path: '/businesses/{businessId}/staff/{cognitoSub}',
    summary: 'Change a member’s role (and Cognito group) or stores; the last owner stays an owner',
    tags: ['staff'],
    params: staffParams,
    body: staffChanges,
    responses: { 200: { description: 'The changed member', body: staffView } },
    problems: { 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'LAST_OWNER' },
    handle: async (ctx, { params, body }) => {
      ctx.body = toStaffView(
        await changeStaffMember(ctx.state.em, ctx.state.principal, params.businessId, params.cognitoSub, body, {
          identity: deps.identity,
          origin: requestOrigin(ctx),
        }),
      );
    },
  });

  api.add({
    method: 'delete',
    path: '/businesses/{businessId}/staff/{cognitoSub}',
    summary: 'Remove a staff member; the last owner cannot be removed',
    tags: ['staff'],
    params: staffParams,
    responses: { 204: { description: 'Removed' } },
    problems: { 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'LAST_OWNER' },
    handle: async (ctx, { params }) => {
      await removeStaffMember(ctx.state.em, ctx.state.principal, params.businessId, params.cognitoSub);
      ctx.status = 204;
    },
  });
}
