import { randomUUID } from 'node:crypto';
import { sesInbox, type CapturedEmail } from '@loyalty/local-stack';
import { waitFor } from '@loyalty/testing';
import { call } from '../support/http.js';
import { setUpStampProgram, type StampShop } from '../support/stamp-program.js';
import { startSystem, type System } from '../support/system.js';

let system: System;
beforeAll(async () => {
  system = await startSystem();
});
afterAll(async () => {
  await system?.stop();
});

interface CampaignView {
  id: string;
  status: 'draft' | 'sending' | 'completed';
  counts: { audience: number; pending: number; sending: number; sent: number; failed: number; skipped: number };
  skippedBecause: Record<string, number>;
}

const inbox = () => sesInbox(process.env.AWS_ENDPOINT_URL_SESV2!);
const mailTo = async (email: string): Promise<CapturedEmail[]> => (await inbox().list()).filter((mail) => mail.destination.to.includes(email));
const header = (mail: CapturedEmail, name: string) => mail.headers?.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;

async function runCampaign(shop: StampShop, subject: string): Promise<CampaignView> {
  const draft = await call<CampaignView>(system.admin.url, 'POST', `/businesses/${shop.businessId}/campaigns`, {
    token: shop.staffToken,
    body: { programId: shop.programId, subject, body: 'Hello {{name}},\n\nYou have {{balance}} stamps on {{program}}. Come by this week!' },
  });
  expect(draft.status).toBe(201);
  const started = await call<CampaignView>(system.admin.url, 'POST', `/businesses/${shop.businessId}/campaigns/${draft.body.id}/start`, {
    token: shop.staffToken,
  });
  expect(started.status).toBe(202);
  const location = started.headers.get('location')!;
  return waitFor(
    async () => {
      const { body } = await call<CampaignView>(system.admin.url, 'GET', location, { token: shop.staffToken });
      return body.status === 'completed' && body;
    },
    { timeoutMs: 15_000, description: 'the campaign to complete' },
  );
}

describe('marketing campaigns', () => {
  it('mails only consenting customers, with a working one-click unsubscribe that the next campaign honours', async () => {
    const shop = await setUpStampProgram(system, { stampsRequired: 5, reward: 'A free cake' });
    expect((await call(system.customer.url, 'PUT', '/me/consents', { token: shop.customerToken, body: { marketing: true } })).status).toBe(200);
    const silentEmail = `silent-${randomUUID()}@example.com`;
    const silentToken = await system.customerToken(silentEmail);
    expect((await call(system.customer.url, 'POST', '/me/cards', { token: silentToken, body: { programId: shop.programId } })).status).toBe(201);

    const first = await runCampaign(shop, 'Cake week at {{program}}');
    expect(first.counts).toEqual({ audience: 2, pending: 0, sending: 0, sent: 1, failed: 0, skipped: 1 });
    expect(first.skippedBecause).toEqual({ no_consent: 1 });
    expect(await mailTo(silentEmail)).toEqual([]);

    const [mail, ...more] = await mailTo(shop.customerEmail);
    expect(more).toEqual([]);
    expect(mail!.subject).toBe('Cake week at Coffee Club');
    expect(mail!.body.text).toContain('You have 0 stamps on Coffee Club. Come by this week!');
    const unsubscribe = header(mail!, 'List-Unsubscribe');
    expect(unsubscribe).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/unsubscribe\/U1\.[^>]+>$/);
    expect(header(mail!, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const url = unsubscribe!.slice(1, -1);
    expect(mail!.body.text).toContain(url);

    const tampered = await fetch(`${url.slice(0, -2)}xx`, { method: 'POST' });
    expect(tampered.status).toBe(400);
    expect(await tampered.json()).toMatchObject({ code: 'INVALID_UNSUBSCRIBE_LINK' });

    // What a mail client sends for RFC 8058 one-click: a form body, no credentials.
    const clicked = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(clicked.status).toBe(200);
    const consents = await call<{ marketing: { granted: boolean } }>(system.customer.url, 'GET', '/me/consents', { token: shop.customerToken });
    expect(consents.body.marketing.granted).toBe(false);

    const second = await runCampaign(shop, 'Second week at {{program}}');
    expect(second.counts).toMatchObject({ sent: 0, skipped: 2 });
    expect(second.skippedBecause).toEqual({ no_consent: 1, withdrawn: 1 });
    expect((await mailTo(shop.customerEmail)).map((m) => m.subject)).toEqual(['Cake week at Coffee Club']);
  });

  it('refuses unknown placeholders, a second start, and callers below admin', async () => {
    const shop = await setUpStampProgram(system, { stampsRequired: 5, reward: 'A free cake' });
    const path = `/businesses/${shop.businessId}/campaigns`;
    const typo = await call(system.admin.url, 'POST', path, { token: shop.staffToken, body: { programId: shop.programId, subject: 'Hi {{nmae}}', body: 'x' } });
    expect(typo.status).toBe(400);
    expect(typo.body).toMatchObject({ code: 'UNKNOWN_PLACEHOLDER' });

    const draft = await call<CampaignView>(system.admin.url, 'POST', path, {
      token: shop.staffToken,
      body: { programId: shop.programId, subject: 'Hi', body: 'x' },
    });
    expect((await call(system.admin.url, 'POST', `${path}/${draft.body.id}/start`, { token: shop.staffToken })).status).toBe(202);
    const again = await call(system.admin.url, 'POST', `${path}/${draft.body.id}/start`, { token: shop.staffToken });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'CAMPAIGN_ALREADY_STARTED' });

    const managerEmail = `manager-${randomUUID()}@cafe.test`;
    const manager = await system.staffToken(managerEmail, []);
    const { sub } = JSON.parse(Buffer.from(manager.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string };
    const added = await call(system.admin.url, 'POST', `/businesses/${shop.businessId}/staff`, {
      token: shop.staffToken,
      body: { username: managerEmail, cognitoSub: sub, role: 'manager' },
    });
    expect(added.status).toBe(201);
    const refused = await call(system.admin.url, 'GET', `${path}/${draft.body.id}`, { token: manager });
    expect(refused.status).toBe(403);
  });
});
