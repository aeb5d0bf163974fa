import { randomUUID } from 'node:crypto';
import { AppError } from '@loyalty/platform';
import { campaignPlaceholders, unknownPlaceholders } from '@loyalty/contracts';
import type { EntityManager } from '@loyalty/db';
import type { Principal } from '@loyalty/identity';
import {
  findCampaign,
  insertCampaign,
  markStarted,
  materialiseRecipients,
  recipientCounts,
  skipReasons,
  type CampaignRow,
  type RecipientCounts,
} from '../data-access/campaign-store.js';
import { recordStaffAction } from '../data-access/staff-actions.js';
import { requireStaff } from '../data-access/staff-access.js';
import { findProgram } from './programs.js';

export interface CampaignInput {
  programId: string;
  subject: string;
  body: string;
  audience: { visitedWithinDays?: number | undefined };
}

export interface CampaignReport {
  campaign: CampaignRow;
  counts: RecipientCounts;
  skippedBecause: Record<string, number>;
}

export async function createCampaign(em: EntityManager, principal: Principal, businessId: string, input: CampaignInput): Promise<CampaignReport> {
  await requireStaff(em, principal, businessId, 'runCampaigns');
  await findProgram(em, businessId, input.programId);
  const unknown = [...new Set([...unknownPlaceholders(input.subject), ...unknownPlaceholders(input.body)])];
  if (unknown.length > 0) {
    throw AppError.badRequest('UNKNOWN_PLACEHOLDER', `Unknown placeholders: ${unknown.join(', ')}`, { allowed: Object.keys(campaignPlaceholders) });
  }
  const id = randomUUID();
  const campaign = await em.transactional(async (tx) => {
    const row = await insertCampaign(tx, {
      id,
      businessId,
      programId: input.programId,
      subject: input.subject,
      body: input.body,
      visitedWithinDays: input.audience.visitedWithinDays ?? null,
      createdBy: principal.sub,
    });
    await recordStaffAction(tx, principal, businessId, 'campaign.created', { type: 'campaign', id }, { programId: input.programId });
    return row;
  });
  return { campaign, counts: await recipientCounts(em, id), skippedBecause: {} };
}

/** Fixes the audience and hands the campaign to the sender. Starting a started campaign is refused: its recipients are already fixed. */
export async function startCampaign(em: EntityManager, principal: Principal, businessId: string, campaignId: string): Promise<CampaignReport> {
  await requireStaff(em, principal, businessId, 'runCampaigns');
  await em.transactional(async (tx) => {
    const campaign = await findCampaign(tx, businessId, campaignId, true);
    if (!campaign) throw AppError.notFound('Campaign');
    if (campaign.status !== 'draft') throw AppError.conflict('CAMPAIGN_ALREADY_STARTED', `The campaign is ${campaign.status}`);
    await materialiseRecipients(tx, campaign);
    await markStarted(tx, campaignId);
    await recordStaffAction(tx, principal, businessId, 'campaign.started', { type: 'campaign', id: campaignId });
  });
  return campaignReport(em, principal, businessId, campaignId);
}

export async function campaignReport(em: EntityManager, principal: Principal, businessId: string, campaignId: string): Promise<CampaignReport> {
  await requireStaff(em, principal, businessId, 'runCampaigns');
  const campaign = await findCampaign(em, businessId, campaignId);
  if (!campaign) throw AppError.notFound('Campaign');
  return { campaign, counts: await recipientCounts(em, campaignId), skippedBecause: await skipReasons(em, campaignId) };
}
