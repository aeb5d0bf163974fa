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
    operationId: 'addStaffMember',
    summary: 'Add a staff member (owner, admin; only an owner can add an owner)',
    description:
      'Owners and admins, for a user who already exists in the staff pool (use the invitation endpoint for a new person); only an owner may add an owner. Answers the member; 409 STAFF_MEMBER_EXISTS if the user already belongs to the business.',
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
    operationId: 'listStaffMembers',
    summary: 'The staff members, oldest first (owner, admin)',
    description: 'Owners and admins. Answers one page of members with their role and store limits, oldest first; follow `nextCursor` for the next page.',
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
    operationId: 'updateStaffMember',
    summary: 'Change a member’s role (and Cognito group) or stores; the last owner stays an owner',
    description:
      'Owners and admins; only an owner may make or unmake an owner. A new role applies at once and also moves the user to that Cognito group. 409 LAST_OWNER if the change would leave the business without an owner.',
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
    operationId: 'removeStaffMember',
    summary: 'Remove a staff member; the last owner cannot be removed',
    description:
      'Owners and admins; only an owner may remove an owner. The user keeps their staff-pool sign-in but no longer reaches this business. 409 LAST_OWNER for the only owner.',
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
