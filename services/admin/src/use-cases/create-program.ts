import { randomUUID } from 'node:crypto';
import { AppError } from '@loyalty/platform';
import { Brand, Program, type EntityManager } from '@loyalty/db';
import type { Principal } from '@loyalty/identity';
import { requireStaff } from '../data-access/staff-access.js';

export interface StampProgramInput {
  brandId: string;
  name: string;
  stampsRequired: number;
  rewardDescription: string;
}

export async function createStampProgram(em: EntityManager, principal: Principal, businessId: string, input: StampProgramInput): Promise<Program> {
  await requireStaff(em, principal, businessId, 'configurePrograms');
  const brand = await em.findOne(Brand, { id: input.brandId, businessId });
  if (!brand) throw AppError.notFound('Brand');
  const program = em.create(Program, { id: randomUUID(), businessId, brandId: brand.id, name: input.name, kind: 'stamp', stampsRequired: input.stampsRequired, rewardDescription: input.rewardDescription, status: 'active' });
  await em.flush();
  return program;
}
