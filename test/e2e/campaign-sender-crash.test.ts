import { randomUUID } from 'node:crypto';
import { sesInbox } from '@loyalty/local-stack';
import { createLogger } from '@loyalty/platform';
import { claimRecipients } from '../../services/notifier/src/use-cases/campaign-recipients.js';
import { sendCampaigns } from '../../services/notifier/src/use-cases/send-campaigns.js';
import { call } from '../support/http.js';
import { setUpStampProgram } from '../support/stamp-program.js';
import { startSystem, type System } from '../support/system.js';

let system: System;
beforeAll(async () => {
  // No sender running in the background: this test is the sender, and crashes it on purpose.
  system = await startSystem({ processors: false });
});
afterAll(async () => {
  await system?.stop();
});

const inbox = () => sesInbox(process.env.AWS_ENDPOINT_URL_SESV2!);
const logger = createLogger('campaign-sender-test', 'silent');

test('a sender that dies between its claim and SES leaves that recipient failed, never mailed twice; the rest go at the configured rate', async () => {
  const shop = await setUpStampProgram(system, { stampsRequired: 5, reward: 'A free cake' });
  const emails = [shop.customerEmail];
  await call(system.customer.url, 'PUT', '/me/consents', { token: shop.customerToken, body: { marketing: true } });
  for (let i = 0; i < 2; i++) {
    const email = `fan-${i}-${randomUUID()}@example.com`;
    const token = await system.customerToken(email);
    await call(system.customer.url, 'POST', '/me/cards', { token, body: { programId: shop.programId } });
    await call(system.customer.url, 'PUT', '/me/consents', { token, body: { marketing: true } });
    emails.push(email);
  }
  const path = `/businesses/${shop.businessId}/campaigns`;
  const draft = await call<{ id: string }>(system.admin.url, 'POST', path, {
    token: shop.staffToken,
    body: { programId: shop.programId, subject: 'Crash test', body: 'Hi {{name}}' },
  });
  expect((await call(system.admin.url, 'POST', `${path}/${draft.body.id}/start`, { token: shop.staffToken })).status).toBe(202);

  const orm = system.admin.orm;
  const [crashed] = await claimRecipients(orm, 1);
  expect(crashed).toBeDefined();
  // The process dies here: the claim is committed, SES never heard of it. Time passes beyond the stale limit.
  await orm.em.fork().execute(`update business.campaign_recipients set claimed_at = now() - interval '10 minutes' where card_id = ?`, [crashed!.cardId]);

  const mailer = { ses: system.clients.ses, fromAddress: 'news@loyalty.example' };
  const settings = {
    ratePerSecond: 1,
    staleClaimSeconds: 120,
    unsubscribeSecret: system.env.UNSUBSCRIBE_SIGNING_SECRET!,
    unsubscribeBaseUrl: system.customer.url,
  };
  const started = Date.now();
  const run = await sendCampaigns(orm, mailer, settings, logger, Date.now() + 30_000);
  const elapsed = Date.now() - started;
  expect(run).toEqual({ sent: 2, failed: 0, skipped: 0, abandoned: 1 });
  // One mail per second: the second waits for the first second to pass, and the run waits out the second.
  expect(elapsed).toBeGreaterThanOrEqual(1900);

  const again = await sendCampaigns(orm, mailer, settings, logger, Date.now() + 5_000);
  expect(again).toEqual({ sent: 0, failed: 0, skipped: 0, abandoned: 0 });

  const mails = (await inbox().list()).filter((mail) => mail.subject === 'Crash test' && emails.some((email) => mail.destination.to.includes(email)));
  expect(mails.map((mail) => mail.destination.to[0]).sort()).toEqual(emails.filter((email) => email !== crashed!.email).sort());

  const status = await call<{ status: string; counts: Record<string, number> }>(system.admin.url, 'GET', `${path}/${draft.body.id}`, {
    token: shop.staffToken,
  });
  expect(status.body).toMatchObject({ status: 'completed', counts: { audience: 3, sent: 2, failed: 1, skipped: 0, pending: 0, sending: 0 } });
  const [row] = await orm.em.fork().execute<{ reason: string }[]>(`select reason from business.campaign_recipients where card_id = ?`, [crashed!.cardId]);
  expect(row?.reason).toBe('interrupted');
});
