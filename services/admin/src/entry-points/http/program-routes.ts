import { changeProgramStatus, createProgram, getProgram, listPrograms, updateProgram } from '../../use-cases/programs.js';
import { programTransitions, type ProgramAction } from '../../domain/program-lifecycle.js';
import { created, location } from './answers.js';
import { toPageView, toProgramView } from './business-representations.js';
import { programBody, programChanges, programPage, programParams, programQuery, programView } from './business-schemas.js';
import type { AdminApi } from './routes.js';
import { businessParams } from './schemas.js';

/** Programs per brand and their lifecycle: draft → active ⇄ paused → ended. */
export function addProgramRoutes(api: AdminApi): void {
  api.add({
    method: 'post',
    path: '/businesses/{businessId}/programs',
    operationId: 'createProgram',
    summary: 'Create a stamp or points program for a brand, as a draft (owner, admin, manager)',
    description:
      'Owners, admins and managers. The program starts as a draft that customers cannot see or join until it is activated. Answers the program and its URL.',
    tags: ['programs'],
    params: businessParams,
    body: programBody,
    responses: { 201: { description: 'Created', body: programView, headers: location } },
    problems: { 403: 'FORBIDDEN', 404: 'NOT_FOUND' },
    handle: async (ctx, { params, body }) => {
      const program = await createProgram(ctx.state.em, ctx.state.principal, params.businessId, body);
      created(ctx, `/businesses/${params.businessId}/programs/${program.id}`, toProgramView(program));
    },
  });

  api.add({
    method: 'get',
    path: '/businesses/{businessId}/programs',
    operationId: 'listPrograms',
    summary: 'The programs, oldest first, optionally of one brand or status',
    description:
      'Any staff member of the business. Answers one page of programs, oldest first, filtered by `brandId` and `status` when given; follow `nextCursor` for the next page.',
    tags: ['programs'],
    params: businessParams,
    query: programQuery,
    responses: { 200: { description: 'A page of programs', body: programPage } },
    problems: { 400: 'INVALID_CURSOR', 404: 'NOT_FOUND' },
    handle: async (ctx, { params, query }) => {
      ctx.body = toPageView(await listPrograms(ctx.state.em, ctx.state.principal, params.businessId, query), toProgramView);
    },
  });

  api.add({
    method: 'get',
    path: '/businesses/{businessId}/programs/{programId}',
    operationId: 'getProgram',
    summary: 'A program',
    description: 'Any staff member of the business. Answers the program with its status and rules.',
    tags: ['programs'],
    params: programParams,
    responses: { 200: { description: 'The program', body: programView } },
    problems: { 404: 'NOT_FOUND' },
    handle: async (ctx, { params }) => {
      ctx.body = toProgramView(await getProgram(ctx.state.em, ctx.state.principal, params.businessId, params.programId));
    },
  });

  api.add({
    method: 'patch',
    path: '/businesses/{businessId}/programs/{programId}',
    operationId: 'updateProgram',
    summary: 'Rename a program or replace its rules (not once ended)',
    description: 'Owners, admins and managers. Transactions already applied keep what they earned; new rules apply from now on. 409 PROGRAM_ENDED once ended.',
    tags: ['programs'],
    params: programParams,
    body: programChanges,
    responses: { 200: { description: 'The changed program', body: programView } },
    problems: { 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'PROGRAM_ENDED' },
    handle: async (ctx, { params, body }) => {
      ctx.body = toProgramView(await updateProgram(ctx.state.em, ctx.state.principal, params.businessId, params.programId, body));
    },
  });

  for (const [action, transition] of Object.entries(programTransitions) as [ProgramAction, (typeof programTransitions)[ProgramAction]][]) {
    api.add({
      method: 'post',
      path: `/businesses/{businessId}/programs/{programId}/${action}`,
      operationId: `${action}Program`,
      summary: `${action[0]!.toUpperCase()}${action.slice(1)} a program: ${transition.from.join(' or ')} → ${transition.to}`,
      description: `Owners, admins and managers. Answers the program, now ${transition.to}; from any status but ${transition.from.join(' or ')}: 409 INVALID_PROGRAM_TRANSITION.`,
      tags: ['programs'],
      params: programParams,
      responses: { 200: { description: 'The program in its new status', body: programView } },
      problems: { 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'INVALID_PROGRAM_TRANSITION' },
      handle: async (ctx, { params }) => {
        ctx.body = toProgramView(await changeProgramStatus(ctx.state.em, ctx.state.principal, params.businessId, params.programId, action));
      },
    });
  }
}
