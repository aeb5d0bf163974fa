import type { StaffIdentity } from '../../data-access/staff-identity.js';
import { inviteStaff } from '../../use-cases/invite-staff.js';
import { created, location } from './answers.js';
import { invitationBody } from './auth-schemas.js';
import { toStaffView } from './business-representations.js';
import { staffView } from './business-schemas.js';
import { requestOrigin } from '@loyalty/platform/http';
import type { AdminApi } from './routes.js';
import { businessParams } from './schemas.js';

export function addStaffIdentityRoutes(api: AdminApi, deps: { identity: StaffIdentity }): void {
  api.add({
    method: 'post',
    path: '/businesses/{businessId}/staff/invitations',
    operationId: 'inviteStaffMember',
    summary:
      'Invite a staff member by email: Cognito emails a temporary password that must be changed at first sign-in (owner, admin; only an owner invites an owner)',
    description:
      "Owners and admins; only an owner may invite an owner. Creates the staff-pool user in the role's group and the membership together, and answers the member. 409 STAFF_USER_EXISTS if the email already has a staff user.",
    tags: ['staff'],
    params: businessParams,
    body: invitationBody,
    responses: { 201: { description: 'Invited: the member, bound to the new staff user', body: staffView, headers: location } },
    problems: { 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'STAFF_USER_EXISTS' },
    handle: async (ctx, { params, body }) => {
      const member = await inviteStaff(ctx.state.em, deps.identity, ctx.state.principal, params.businessId, body, requestOrigin(ctx));
      created(ctx, `/businesses/${params.businessId}/staff/${encodeURIComponent(member.cognitoSub)}`, toStaffView(member));
    },
  });
}
