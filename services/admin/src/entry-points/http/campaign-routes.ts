import type { z } from 'zod';
import { campaignReport, createCampaign, startCampaign, type CampaignReport } from '../../use-cases/campaigns.js';
import { created, location } from './answers.js';
import { campaignBody, campaignParams, campaignView } from './campaign-schemas.js';
import type { AdminApi } from './routes.js';
import { businessParams } from './schemas.js';

/** Marketing emails to a program's customers who agreed to them (owner, admin). */
export function addCampaignRoutes(api: AdminApi): void {
  api.add({
    method: 'post',
    path: '/businesses/{businessId}/campaigns',
    operationId: 'createCampaign',
    summary: 'Draft a marketing email to a program’s customers (owner, admin)',
    description:
      'Owners and admins. A draft: nothing is sent until it is started. The audience is every active card of the program whose customer has marketing consent, optionally only those with a visit or purchase in the last `visitedWithinDays` days (analytics segments come later). 400 UNKNOWN_PLACEHOLDER names placeholders outside the documented set.',
    tags: ['campaigns'],
    params: businessParams,
    body: campaignBody,
    responses: { 201: { description: 'Drafted', body: campaignView, headers: location } },
    problems: { 400: 'UNKNOWN_PLACEHOLDER', 403: 'FORBIDDEN', 404: 'NOT_FOUND' },
    handle: async (ctx, { params, body }) => {
      const report = await createCampaign(ctx.state.em, ctx.state.principal, params.businessId, body);
      created(ctx, campaignUrl(report), toCampaignView(report));
    },
  });

  api.add({
    method: 'post',
    path: '/businesses/{businessId}/campaigns/{campaignId}/start',
    operationId: 'startCampaign',
    summary: 'Fix the audience and start sending (owner, admin)',
    description:
      'Owners and admins. Records who receives the campaign now (customers without marketing consent or email are counted as skipped) and answers 202: the sender mails the rest at the configured send rate; follow the `Location`. 409 CAMPAIGN_ALREADY_STARTED for a campaign that is sending or done.',
    tags: ['campaigns'],
    params: campaignParams,
    responses: { 202: { description: 'Sending', body: campaignView, headers: location } },
    problems: { 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CAMPAIGN_ALREADY_STARTED' },
    handle: async (ctx, { params }) => {
      const report = await startCampaign(ctx.state.em, ctx.state.principal, params.businessId, params.campaignId);
      ctx.status = 202;
      ctx.set('location', campaignUrl(report));
      ctx.body = toCampaignView(report);
    },
  });

  api.add({
    method: 'get',
    path: '/businesses/{businessId}/campaigns/{campaignId}',
    operationId: 'getCampaign',
    summary: 'A campaign and its sent, failed and skipped counts (owner, admin)',
    description: 'Owners and admins. `status` is draft, sending or completed; completed once no recipient is pending or being sent.',
    tags: ['campaigns'],
    params: campaignParams,
    responses: { 200: { description: 'The campaign', body: campaignView } },
    problems: { 403: 'FORBIDDEN', 404: 'NOT_FOUND' },
    handle: async (ctx, { params }) => {
      ctx.body = toCampaignView(await campaignReport(ctx.state.em, ctx.state.principal, params.businessId, params.campaignId));
    },
  });
}

const campaignUrl = ({ campaign }: CampaignReport) => `/businesses/${campaign.business_id}/campaigns/${campaign.id}`;

function toCampaignView({ campaign, counts, skippedBecause }: CampaignReport): z.infer<typeof campaignView> {
  return {
    id: campaign.id,
    programId: campaign.program_id,
    subject: campaign.subject,
    body: campaign.body,
    audience: { visitedWithinDays: campaign.visited_within_days },
    status: campaign.status,
    counts,
    skippedBecause,
    createdAt: new Date(campaign.created_at).toISOString(),
    startedAt: campaign.started_at ? new Date(campaign.started_at).toISOString() : null,
    completedAt: campaign.completed_at ? new Date(campaign.completed_at).toISOString() : null,
  };
}
