import { randomUUID } from 'node:crypto';
import { AppError, type Page } from '@loyalty/platform';
import { parseInput } from '@loyalty/platform/http';
import { Program, pointsRules, stampRules, type EntityManager, type ProgramKind, type ProgramRules, type ProgramStatus } from '@loyalty/db';
import type { Principal } from '@loyalty/identity';
import { z } from 'zod';
import { creationOrder, creationPage, type PageRequest } from '../data-access/creation-order.js';
import { lockProgram } from '../data-access/row-locks.js';
import { requireStaff } from '../data-access/staff-access.js';
import { assertEditable, nextProgramStatus, type ProgramAction } from '../domain/program-lifecycle.js';
import { findBrand } from './brands.js';
import { commitStaffAction, recordStaffAction } from '../data-access/staff-actions.js';

export interface ProgramInput {
  brandId: string;
  name: string;
  kind: ProgramKind;
  rules: ProgramRules;
}

export interface ProgramChanges {
  name?: string | undefined;
  rules?: Record<string, unknown> | undefined;
}

export interface ProgramFilter extends PageRequest {
  brandId?: string | undefined;
  status?: ProgramStatus | undefined;
}

/** A program starts as a draft: staff review it, add rewards, then activate it. */
export async function createProgram(em: EntityManager, principal: Principal, businessId: string, input: ProgramInput): Promise<Program> {
  await requireStaff(em, principal, businessId, 'configurePrograms');
  const brand = await findBrand(em, businessId, input.brandId);
  const program = em.create(Program, {
    id: randomUUID(),
    businessId,
    brandId: brand.id,
    name: input.name,
    kind: input.kind,
    status: 'draft',
    rules: input.rules,
  });
  await commitStaffAction(em, principal, businessId, 'program.created', { type: 'program', id: program.id }, { name: program.name, kind: program.kind });
  return program;
}

export async function listPrograms(em: EntityManager, principal: Principal, businessId: string, filter: ProgramFilter): Promise<Page<Program>> {
  await requireStaff(em, principal, businessId, 'readConfiguration');
  const { where, orderBy } = creationOrder('id', filter.cursor);
  const rows = await em.find(
    Program,
    { businessId, ...(filter.brandId ? { brandId: filter.brandId } : {}), ...(filter.status ? { status: filter.status } : {}), ...where },
    { orderBy, limit: filter.limit + 1 },
  );
  return creationPage(rows, filter.limit, (program) => program.id);
}

export async function getProgram(em: EntityManager, principal: Principal, businessId: string, programId: string): Promise<Program> {
  await requireStaff(em, principal, businessId, 'readConfiguration');
  return findProgram(em, businessId, programId);
}

/** New rules replace the old ones whole; transactions already applied keep what they earned. */
export async function updateProgram(em: EntityManager, principal: Principal, businessId: string, programId: string, changes: ProgramChanges): Promise<Program> {
  await requireStaff(em, principal, businessId, 'configurePrograms');
  const program = await findProgram(em, businessId, programId);
  assertEditable(program.status);
  if (changes.name !== undefined) program.name = changes.name;
  if (changes.rules !== undefined) program.rules = rulesFor(program.kind, changes.rules);
  await commitStaffAction(em, principal, businessId, 'program.updated', { type: 'program', id: program.id }, { changed: Object.keys(changes) });
  return program;
}

export async function changeProgramStatus(
  em: EntityManager,
  principal: Principal,
  businessId: string,
  programId: string,
  action: ProgramAction,
): Promise<Program> {
  await requireStaff(em, principal, businessId, 'configurePrograms');
  return em.transactional(async (tx) => {
    await lockProgram(tx, businessId, programId);
    const program = await findProgram(tx, businessId, programId);
    const from = program.status;
    program.status = nextProgramStatus(program.status, action);
    await recordStaffAction(tx, principal, businessId, `program.${action}`, { type: 'program', id: program.id }, { from, to: program.status });
    return program;
  });
}

export async function findProgram(em: EntityManager, businessId: string, programId: string): Promise<Program> {
  const program = await em.findOne(Program, { id: programId, businessId });
  if (!program) throw AppError.notFound('Program');
  return program;
}

function rulesFor(kind: ProgramKind, rules: Record<string, unknown>): ProgramRules {
  const schema = kind === 'stamp' ? z.object({ rules: stampRules }) : z.object({ rules: pointsRules });
  return parseInput(schema, { rules }).rules;
}
