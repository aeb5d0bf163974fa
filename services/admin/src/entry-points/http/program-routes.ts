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
    summary: 'Create a stamp or points program for a brand, as a draft (owner, admin, manager)',
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
    summary: 'The programs, oldest first, optionally of one brand or status',
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
    summary: 'A program',
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
    summary: 'Rename a program or replace its rules (not once ended)',
    description: 'Transactions already applied keep what they earned; new rules apply from now on.',
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
      summary: `${action[0]!.toUpperCase()}${action.slice(1)} a program: ${transition.from.join(' or ')} → ${transition.to}`,
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
