import { randomUUID } from 'node:crypto';
import type { SQSRecord } from 'aws-lambda';
import { PLATFORM_TENANT, type AnyEvent } from '@loyalty/contracts';
import { ConfigError, createLogger } from '@loyalty/platform';
import { documentClient, queryAuditEntries, type AuditQuery, type AuditTable } from '@loyalty/tables';
import { uniquePrefix } from '@loyalty/testing';
import { awsClients, destroyClients, provisionTopology } from '@loyalty/topology';
import { loadAuditWriterConfig } from '../src/config.js';
import { auditHandler } from '../src/entry-points/audit-handler.js';

const clients = awsClients();
const logger = createLogger('audit-writer-test', 'silent');
let prefix: string;
let table: AuditTable;

beforeAll(async () => {
  prefix = uniquePrefix('audit');
  const topology = await provisionTopology(clients, { prefix });
  table = { client: documentClient(clients.dynamodb), name: topology.tables.audit.name };
});
afterAll(() => destroyClients(clients));

const DAY_MS = 86_400_000;

function record(event: AnyEvent): SQSRecord {
  const messageId = randomUUID();
  return {
    messageId,
    receiptHandle: `receipt-${messageId}`,
    body: JSON.stringify(event),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()), SenderId: 'test', ApproximateFirstReceiveTimestamp: String(Date.now()) },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:us-east-1:000000000000:${prefix}-audit`,
    awsRegion: 'us-east-1',
  };
}

function signIn(businessId: string, actorId: string | null, at: Date): AnyEvent {
  return {
    id: randomUUID(),
    type: 'audit.security',
    version: 1,
    occurredAt: at.toISOString(),
    businessId,
    aggregate: { type: 'principal', id: actorId ?? 'someone@example.com' },
    correlationId: `sign-in-${randomUUID()}`,
    causationId: null,
    payload: {
      action: actorId ? 'sign_in.succeeded' : 'sign_in.failed',
      actor: { type: actorId ? 'customer' : 'anonymous', id: actorId, username: 'someone@example.com' },
      subject: null,
      ip: '203.0.113.7',
      userAgent: 'CafeApp/3.1',
      details: {},
      at: at.toISOString(),
    },
  };
}

function staffAction(businessId: string, actorId: string, at: Date, action = 'program.pause'): AnyEvent {
  const programId = randomUUID();
  return {
    id: randomUUID(),
    type: 'audit.staff_action',
    version: 1,
    occurredAt: at.toISOString(),
    businessId,
    aggregate: { type: 'program', id: programId },
    correlationId: `request-${randomUUID()}`,
    causationId: null,
    payload: {
      action,
      actor: { type: 'staff', id: actorId, username: 'owner@cafe.test' },
      resource: { type: 'program', id: programId },
      details: { from: 'active', to: 'paused' },
      // An offset, as a client clock may write it: stored in UTC all the same.
      at: at.toISOString().replace('Z', '+00:00'),
    },
  };
}

async function deliver(events: AnyEvent[], env: NodeJS.ProcessEnv = {}): Promise<void> {
  const handler = auditHandler(loadAuditWriterConfig({ ...process.env, RESOURCE_PREFIX: prefix, ...env }), table, logger);
  const response = await handler({ Records: events.map(record) });
  expect(response.batchItemFailures).toEqual([]);
}

const ids = async (query: Partial<AuditQuery> & { businessId: string }) =>
  (await queryAuditEntries(table, { limit: 100, now: new Date(), ...query })).map((entry) => entry.id);

describe('the audit writer', () => {
  it('writes each event once however often it is delivered, and a redelivery succeeds', async () => {
    const businessId = randomUUID();
    const first = signIn(businessId, randomUUID(), new Date(Date.now() - 60_000));
    const second = staffAction(businessId, randomUUID(), new Date());

    await deliver([first, second]);
    await deliver([first]);
    await deliver([second, second]);

    const entries = await queryAuditEntries(table, { businessId, limit: 100, now: new Date() });
    expect(entries.map((entry) => entry.id)).toEqual([second.id, first.id]);
    expect(entries[0]).toEqual({
      id: second.id,
      businessId,
      category: 'staff_action',
      action: 'program.pause',
      at: second.occurredAt,
      actor: { type: 'staff', id: (second.payload as { actor: { id: string } }).actor.id, username: 'owner@cafe.test' },
      target: { type: 'program', id: second.aggregate.id },
      ip: null,
      userAgent: null,
      details: { from: 'active', to: 'paused' },
      correlationId: second.correlationId,
    });
    expect(entries[1]).toMatchObject({ category: 'security', action: 'sign_in.succeeded', ip: '203.0.113.7', userAgent: 'CafeApp/3.1', target: null });
  });

  it('leaves the first write alone: a redelivery under other settings changes nothing', async () => {
    const businessId = randomUUID();
    const at = new Date();
    const event = signIn(businessId, randomUUID(), at);
    await deliver([event], { AUDIT_TTL_SECURITY_DAYS: '10' });
    await deliver([event], { AUDIT_TTL_SECURITY_DAYS: '400' });

    expect(await ids({ businessId, now: new Date(at.getTime() + 9 * DAY_MS) })).toEqual([event.id]);
    expect(await ids({ businessId, now: new Date(at.getTime() + 11 * DAY_MS) })).toEqual([]);
  });

  it('keeps security events 400 days and staff actions two years from when they happened', async () => {
    const businessId = randomUUID();
    const at = new Date();
    const security = signIn(businessId, randomUUID(), at);
    const action = staffAction(businessId, randomUUID(), at);
    await deliver([security, action]);

    const visible = (days: number) => ids({ businessId, now: new Date(at.getTime() + days * DAY_MS) });
    expect(await visible(399)).toEqual(expect.arrayContaining([security.id, action.id]));
    expect(await visible(401)).toEqual([action.id]);
    expect(await visible(729)).toEqual([action.id]);
    expect(await visible(731)).toEqual([]);
  });

  it('takes each retention from its environment variable, and refuses a bad one', async () => {
    const businessId = randomUUID();
    const at = new Date();
    const security = signIn(businessId, randomUUID(), at);
    const action = staffAction(businessId, randomUUID(), at);
    await deliver([security, action], { AUDIT_TTL_SECURITY_DAYS: '30', AUDIT_TTL_STAFF_ACTION_DAYS: '90' });

    const visible = (days: number) => ids({ businessId, now: new Date(at.getTime() + days * DAY_MS) });
    expect(await visible(29)).toHaveLength(2);
    expect(await visible(31)).toEqual([action.id]);
    expect(await visible(91)).toEqual([]);

    for (const bad of ['0', '-5', 'forever', '3651']) {
      expect(() => loadAuditWriterConfig({ AUDIT_TTL_SECURITY_DAYS: bad })).toThrow(ConfigError);
      expect(() => loadAuditWriterConfig({ AUDIT_TTL_STAFF_ACTION_DAYS: bad })).toThrow(ConfigError);
    }
    expect(loadAuditWriterConfig({})).toMatchObject({ AUDIT_TTL_SECURITY_DAYS: 400, AUDIT_TTL_STAFF_ACTION_DAYS: 730 });
  });

  it('answers "this business, newest first" and "this actor", each within its business', async () => {
    const businessId = randomUUID();
    const otherBusiness = randomUUID();
    const [owner, customer] = [randomUUID(), randomUUID()];
    const minute = (n: number) => new Date(Date.now() - (10 - n) * 60_000);
    const events = [
      staffAction(businessId, owner, minute(1), 'store.updated'),
      signIn(businessId, customer, minute(2)),
      staffAction(businessId, owner, minute(3), 'program.pause'),
      signIn(businessId, null, minute(4)),
      signIn(businessId, owner, minute(5)),
    ];
    const elsewhere = staffAction(otherBusiness, owner, minute(6));
    const platformSignIn = signIn(PLATFORM_TENANT, customer, minute(7));
    await deliver([...events, elsewhere, platformSignIn]);

    const newestFirst = events.map((event) => event.id).reverse();
    expect(await ids({ businessId })).toEqual(newestFirst);
    expect(await ids({ businessId, actorId: owner })).toEqual([events[4]!.id, events[2]!.id, events[0]!.id]);
    expect(await ids({ businessId, actorId: owner, category: 'staff_action' })).toEqual([events[2]!.id, events[0]!.id]);
    expect(await ids({ businessId, category: 'security' })).toEqual([events[4]!.id, events[3]!.id, events[1]!.id]);
    expect(await ids({ businessId: otherBusiness, actorId: owner })).toEqual([elsewhere.id]);
    // A customer's sign-in belongs to no business: it is kept under the platform tenant, by actor too.
    expect(await ids({ businessId: PLATFORM_TENANT, actorId: customer })).toContain(platformSignIn.id);
    expect(await ids({ businessId, actorId: customer })).toEqual([events[1]!.id]);
  });

  it('pages by time: from inclusive, to exclusive, each page starting after the last', async () => {
    const businessId = randomUUID();
    const actor = randomUUID();
    const start = Date.parse('2026-11-01T10:00:00.000Z');
    const events = Array.from({ length: 7 }, (_, i) => staffAction(businessId, actor, new Date(start + i * 60_000)));
    await deliver(events);
    const at = (i: number) => new Date(start + i * 60_000).toISOString();

    expect(await ids({ businessId, from: at(2), to: at(5) })).toEqual([events[4]!.id, events[3]!.id, events[2]!.id]);
    const firstPage = await queryAuditEntries(table, { businessId, limit: 3, now: new Date() });
    expect(firstPage.map((entry) => entry.id)).toEqual([events[6]!.id, events[5]!.id, events[4]!.id]);
    expect(await ids({ businessId, limit: 3, after: firstPage.at(-1) })).toEqual([events[3]!.id, events[2]!.id, events[1]!.id]);
    expect(await ids({ businessId, actorId: actor, from: at(1), after: firstPage.at(-1) })).toEqual([events[3]!.id, events[2]!.id, events[1]!.id]);
    expect(await ids({ businessId, from: at(5), after: firstPage.at(-1) })).toEqual([]);
  });
});
