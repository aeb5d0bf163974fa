import { randomUUID } from 'node:crypto';
import { AppError, type Page } from '@loyalty/platform';
import { CatalogReward, type EntityManager } from '@loyalty/db';
import type { Principal } from '@loyalty/identity';
import { creationOrder, creationPage, type PageRequest } from '../data-access/creation-order.js';
import { requireStaff } from '../data-access/staff-access.js';
import { assertEditable } from '../domain/program-lifecycle.js';
import { assertValidWindow } from '../domain/reward-window.js';
import { findProgram } from './programs.js';
import { commitStaffAction } from '../data-access/staff-actions.js';

export interface CatalogRewardInput {
  name: string;
  description?: string | undefined;
  /** In the program's unit: stamps or points. */
  cost: number;
  validFrom?: Date | null | undefined;
  validUntil?: Date | null | undefined;
  stock?: number | null | undefined;
  perCustomerLimit?: number | null | undefined;
}

export interface RewardScope {
  businessId: string;
  programId: string;
}

export async function addCatalogReward(em: EntityManager, principal: Principal, scope: RewardScope, input: CatalogRewardInput): Promise<CatalogReward> {
  await requireStaff(em, principal, scope.businessId, 'configurePrograms');
  const program = await findProgram(em, scope.businessId, scope.programId);
  assertEditable(program.status);
  assertValidWindow(input.validFrom, input.validUntil);
  const reward = em.create(CatalogReward, {
    id: randomUUID(),
    businessId: scope.businessId,
    programId: program.id,
    name: input.name,
    description: input.description ?? '',
    cost: input.cost,
    validFrom: input.validFrom ?? null,
    validUntil: input.validUntil ?? null,
    stock: input.stock ?? null,
    perCustomerLimit: input.perCustomerLimit ?? null,
    status: 'active',
  });
  await commitStaffAction(
    em,
    principal,
    scope.businessId,
    'catalog_reward.created',
    { type: 'catalog_reward', id: reward.id },
    { programId: scope.programId, cost: reward.cost },
  );
  return reward;
}

export async function listCatalogRewards(
  em: EntityManager,
  principal: Principal,
  scope: RewardScope,
  filter: PageRequest & { status: 'active' | 'archived' },
): Promise<Page<CatalogReward>> {
  await requireStaff(em, principal, scope.businessId, 'readConfiguration');
  const program = await findProgram(em, scope.businessId, scope.programId);
  const { where, orderBy } = creationOrder('id', filter.cursor);
  const rows = await em.find(
    CatalogReward,
    { businessId: scope.businessId, programId: program.id, status: filter.status, ...where },
    { orderBy, limit: filter.limit + 1 },
  );
  return creationPage(rows, filter.limit, (reward) => reward.id);
}

export async function getCatalogReward(em: EntityManager, principal: Principal, scope: RewardScope, rewardId: string): Promise<CatalogReward> {
  await requireStaff(em, principal, scope.businessId, 'readConfiguration');
  return findCatalogReward(em, scope, rewardId);
}

export async function updateCatalogReward(
  em: EntityManager,
  principal: Principal,
  scope: RewardScope,
  rewardId: string,
  changes: Partial<CatalogRewardInput>,
): Promise<CatalogReward> {
  await requireStaff(em, principal, scope.businessId, 'configurePrograms');
  const reward = await findCatalogReward(em, scope, rewardId);
  if (reward.status === 'archived') throw AppError.conflict('REWARD_ARCHIVED', 'An archived reward can no longer be changed');
  assertValidWindow(
    changes.validFrom === undefined ? reward.validFrom : changes.validFrom,
    changes.validUntil === undefined ? reward.validUntil : changes.validUntil,
  );
  em.assign(reward, changes);
  await commitStaffAction(
    em,
    principal,
    scope.businessId,
    'catalog_reward.updated',
    { type: 'catalog_reward', id: reward.id },
    { changed: Object.keys(changes) },
  );
  return reward;
}

/** Archived, not deleted: redemptions already made keep pointing at it. */
export async function archiveCatalogReward(em: EntityManager, principal: Principal, scope: RewardScope, rewardId: string): Promise<void> {
  await requireStaff(em, principal, scope.businessId, 'configurePrograms');
  const reward = await findCatalogReward(em, scope, rewardId);
  reward.status = 'archived';
  await commitStaffAction(em, principal, scope.businessId, 'catalog_reward.archived', { type: 'catalog_reward', id: reward.id });
}

async function findCatalogReward(em: EntityManager, scope: RewardScope, rewardId: string): Promise<CatalogReward> {
  const reward = await em.findOne(CatalogReward, { id: rewardId, businessId: scope.businessId, programId: scope.programId });
  if (!reward) throw AppError.notFound('Reward');
  return reward;
}
