import { randomUUID } from 'node:crypto';
import type { SQSRecord } from 'aws-lambda';
import type { AnyEvent } from '@loyalty/contracts';
import { createLogger } from '@loyalty/platform';
import { documentClient } from '@loyalty/tables';
import { loadAuditWriterConfig } from '../../services/analytics/src/config.js';
import { auditHandler } from '../../services/analytics/src/entry-points/audit-handler.js';
import { call } from '../support/http.js';
import { setUpStampProgram, type StampShop } from '../support/stamp-program.js';
import { startSystem, type System } from '../support/system.js';

interface AuditEntryView {
  id: string;
  category: 'security' | 'staff_action';
  action: string;
  at: string;
  actor: { type: string; id: string | null; username: string | null };
  target: { type: string; id: string } | null;
}
interface AuditPage {
  items: AuditEntryView[];
  nextCursor: string | null;
}

// The processors stay off: the entries here are exactly the events this file hands the audit writer.
let system: System;
let shop: StampShop;
let otherShop: StampShop;
beforeAll(async () => {
  system = await startSystem({ processors: false });
  [shop, otherShop] = await Promise.all([
    setUpStampProgram(system, { stampsRequired: 5, reward: 'Tea' }),
    setUpStampProgram(system, { stampsRequired: 5, reward: 'Cake' }),
  ]);
});
afterAll(async () => {
  await system?.stop();
});

const subOf = (token: string): string => (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string }).sub;

function envelope(type: AnyEvent['type'], businessId: string, at: Date, payload: unknown): AnyEvent {
  return {
    id: randomUUID(),
    type,
    version: 1,
    occurredAt: at.toISOString(),
    businessId,
    aggregate: { type: 'resource', id: randomUUID() },
    correlationId: randomUUID(),
    causationId: null,
    payload,
  } as AnyEvent;
}

const staffAction = (businessId: string, actorId: string, at: Date, action: string) =>
  envelope('audit.staff_action', businessId, at, {
    action,
    actor: { type: 'staff', id: actorId, username: 'owner@cafe.test' },
    resource: { type: 'store', id: randomUUID() },
    details: {},
    at: at.toISOString(),
  });

const securityEvent = (businessId: string, actorId: string, at: Date, action: string) =>
  envelope('audit.security', businessId, at, {
    action,
    actor: { type: 'staff', id: actorId, username: 'owner@cafe.test' },
    subject: { type: 'api_key', id: randomUUID() },
    ip: '198.51.100.4',
    userAgent: 'till/1.0',
    details: {},
    at: at.toISOString(),
  });

async function write(events: AnyEvent[]): Promise<void> {
  const table = { client: documentClient(system.clients.dynamodb), name: system.topology.tables.audit.name };
  const handler = auditHandler(loadAuditWriterConfig(system.env), table, createLogger('audit-writer', 'silent'));
  const records = events.map((event): SQSRecord => {
    const messageId = randomUUID();
    return {
      messageId,
      receiptHandle: messageId,
      body: JSON.stringify(event),
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'test', ApproximateFirstReceiveTimestamp: '0' },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:audit',
      awsRegion: 'us-east-1',
    };
  });
  expect((await handler({ Records: records })).batchItemFailures).toEqual([]);
}

const audit = (businessId: string, query: string, token = shop.staffToken) =>
  call<AuditPage & { code?: string }>(system.admin.url, 'GET', `/businesses/${businessId}/audit${query}`, { token });

async function member(role: string): Promise<string> {
  const email = `${role}-${randomUUID()}@cafe.test`;
  const token = await system.staffToken(email, [role]);
  const added = await call(system.admin.url, 'POST', `/businesses/${shop.businessId}/staff`, {
    token: shop.staffToken,
    body: { username: email, cognitoSub: subOf(token), role },
  });
  expect(added.status).toBe(201);
  return token;
}

const owner = () => subOf(shop.staffToken);
const base = Date.parse('2026-10-01T09:00:00.000Z');
const minute = (n: number) => new Date(base + n * 60_000);

describe('GET /businesses/{businessId}/audit', () => {
  let written: AnyEvent[];
  const cashierSub = randomUUID();
  beforeAll(async () => {
    written = [
      ...Array.from({ length: 12 }, (_, i) => staffAction(shop.businessId, owner(), minute(i), `store.updated.${i}`)),
      securityEvent(shop.businessId, owner(), minute(12), 'api_key.issued'),
      securityEvent(shop.businessId, cashierSub, minute(13), 'sign_in.failed'),
      staffAction(shop.businessId, cashierSub, minute(14), 'catalog_reward.created'),
    ];
    await write([...written, staffAction(otherShop.businessId, subOf(otherShop.staffToken), minute(15), 'program.pause')]);
  });
  const idsOf = (page: AuditPage) => page.items.map((item) => item.id);
  const newestFirst = () => [...written].reverse().map((event) => event.id);

  it('answers owners and admins; managers and cashiers are refused, strangers find no business', async () => {
    const answer = await audit(shop.businessId, '?from=2026-10-01&to=2026-10-02');
    expect(answer.status).toBe(200);
    expect(idsOf(answer.body)).toEqual(newestFirst());
    expect(answer.body.items[0]).toMatchObject({ category: 'staff_action', action: 'catalog_reward.created', at: minute(14).toISOString() });
    expect(answer.body.items[2]).toMatchObject({ category: 'security', action: 'api_key.issued', target: { type: 'api_key' }, ip: '198.51.100.4' });
    expect(Object.keys(answer.body.items[2]!).sort()).toEqual([
      'action',
      'actor',
      'at',
      'category',
      'correlationId',
      'details',
      'id',
      'ip',
      'target',
      'userAgent',
    ]);

    expect((await audit(shop.businessId, '?from=2026-10-01', await member('admin'))).status).toBe(200);
    for (const role of ['manager', 'cashier']) {
      const refused = await audit(shop.businessId, '', await member(role));
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('FORBIDDEN');
    }
    const stranger = await audit(shop.businessId, '', otherShop.staffToken);
    expect(stranger.status).toBe(404);
  });

  it("never shows another business's entries", async () => {
    const mine = await audit(shop.businessId, '?from=2026-10-01&to=2026-10-02&limit=100');
    expect(mine.body.items.every((item) => !item.action.startsWith('program.'))).toBe(true);
    const theirs = await audit(otherShop.businessId, '?from=2026-10-01&to=2026-10-02', otherShop.staffToken);
    expect(theirs.body.items.map((item) => item.action)).toEqual(['program.pause']);
  });

  it('pages newest first through nextCursor, and keeps the filters on every page', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `?from=2026-10-01&to=2026-10-02&limit=4${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await audit(shop.businessId, query);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(4);
      seen.push(...idsOf(page.body));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(4);
    expect(seen).toEqual(newestFirst());

    const firstOfOwner = await audit(shop.businessId, `?actor=${owner()}&category=staff_action&limit=5`);
    const secondOfOwner = await audit(shop.businessId, `?actor=${owner()}&category=staff_action&limit=5&cursor=${firstOfOwner.body.nextCursor}`);
    expect(secondOfOwner.body.items.map((item) => item.action)).toEqual([
      'store.updated.6',
      'store.updated.5',
      'store.updated.4',
      'store.updated.3',
      'store.updated.2',
    ]);
  });

  it('filters by category, actor and time range', async () => {
    const security = await audit(shop.businessId, '?category=security');
    expect(security.body.items.map((item) => item.action)).toEqual(['sign_in.failed', 'api_key.issued']);
    const cashier = await audit(shop.businessId, `?actor=${cashierSub}`);
    expect(cashier.body.items.map((item) => item.action)).toEqual(['catalog_reward.created', 'sign_in.failed']);
    const cashierSecurity = await audit(shop.businessId, `?actor=${cashierSub}&category=security`);
    expect(cashierSecurity.body.items.map((item) => item.action)).toEqual(['sign_in.failed']);
    const range = await audit(shop.businessId, `?from=${encodeURIComponent(minute(3).toISOString())}&to=${encodeURIComponent('2026-10-01T11:06:00+02:00')}`);
    expect(range.body.items.map((item) => item.action)).toEqual(['store.updated.5', 'store.updated.4', 'store.updated.3']);
    expect((await audit(shop.businessId, `?actor=${randomUUID()}`)).body).toEqual({ items: [], nextCursor: null });
  });

  it('leaves out entries past their retention, though DynamoDB has not deleted them yet', async () => {
    const longAgo = new Date(Date.now() - 500 * 86_400_000);
    const expired = securityEvent(shop.businessId, owner(), longAgo, 'sign_in.succeeded');
    const kept = staffAction(shop.businessId, owner(), longAgo, 'brand.updated');
    await write([expired, kept]);
    const day = longAgo.toISOString().slice(0, 10);
    const answer = await audit(shop.businessId, `?from=${day}&to=2026-01-01`);
    expect(idsOf(answer.body)).toEqual([kept.id]);
  });

  it('answers problem+json with a code for a bad cursor, bad dates or an unknown category', async () => {
    const badCursor = await audit(shop.businessId, '?cursor=bm90LWEtY3Vyc29y');
    expect(badCursor.status).toBe(400);
    expect(badCursor.headers.get('content-type')).toContain('application/problem+json');
    expect(badCursor.body.code).toBe('INVALID_CURSOR');
    for (const query of ['?from=yesterday', '?to=2026-13-01', '?from=2026-10-02&to=2026-10-01', '?category=config', '?limit=0']) {
      const answer = await audit(shop.businessId, query);
      expect({ query, status: answer.status, code: answer.body.code }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED' });
    }
  });
});
