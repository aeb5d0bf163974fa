import { randomUUID } from 'node:crypto';
import type { AnyEvent } from '@loyalty/contracts';
import { sesInbox } from '@loyalty/local-stack';
import { createLogger } from '@loyalty/platform';
import { awsClients, destroyClients } from '@loyalty/topology';
import { notifyCustomer } from '../src/use-cases/notify-customer.js';

const clients = awsClients();
const mailer = { ses: clients.ses, fromAddress: 'rewards@loyalty.example' };
const logger = createLogger('notifier-test', 'silent');
const inbox = sesInbox(process.env.AWS_ENDPOINT_URL_SESV2!);
afterAll(() => destroyClients(clients));

function expiringNotice(email: string | null, programName = 'Bean Points'): AnyEvent {
  return {
    id: randomUUID(),
    type: 'points.expiring',
    version: 1,
    occurredAt: new Date().toISOString(),
    businessId: randomUUID(),
    aggregate: { type: 'card', id: randomUUID() },
    correlationId: 'test',
    causationId: null,
    payload: {
      cardId: randomUUID(),
      programId: randomUUID(),
      programName,
      lotId: randomUUID(),
      points: 120,
      expiresAt: '2027-01-31T23:59:59.999Z',
      customer: { id: randomUUID(), email, displayName: 'Ada' },
    },
  };
}

const mailTo = async (email: string) => (await inbox.list()).filter((mail) => mail.destination.to.includes(email));

test('points about to expire: the customer is told how many and when', async () => {
  const email = `ada-${randomUUID()}@example.com`;
  await notifyCustomer(mailer, logger, expiringNotice(email));
  const [mail] = await mailTo(email);
  expect(mail?.subject).toBe('120 Bean Points points expire on 31 January 2027');
  expect(mail?.body.text).toContain('120 points on your Bean Points card expire on 31 January 2027.');
});

test('a deleted customer (no email address) gets nothing, and the event is still handled', async () => {
  const program = `Program ${randomUUID()}`;
  await expect(notifyCustomer(mailer, logger, expiringNotice(null, program))).resolves.toBeUndefined();
  await notifyCustomer(mailer, logger, expiringNotice(`marker-${randomUUID()}@example.com`, `${program} marker`));
  const subjects = (await inbox.list()).map((mail) => mail.subject).filter((subject) => subject.includes(program));
  expect(subjects).toEqual([expect.stringContaining(`${program} marker`)]);
});
