import { randomBytes } from 'node:crypto';
import { call, type JsonResponse } from '../support/http.js';
import { startSystem, type System } from '../support/system.js';

type Body = Record<string, unknown>;
interface Page<T = Body> {
  items: T[];
  nextCursor: string | null;
}
interface Problem {
  code: string;
  errors?: { path: string; message: string }[];
}

let system: System;
let owner: Staff;
let businessId: string;
let brandId: string;

interface Staff {
  token: string;
  sub: string;
  email: string;
}

beforeAll(async () => {
  system = await startSystem({ processors: false });
  owner = await staffUser('owner', ['owner']);
  businessId = await create('/businesses', { name: 'Cafe Config' }, owner.token);
  brandId = await create(`/businesses/${businessId}/brands`, { name: 'Cafe Uno' });
});
afterAll(async () => {
  await system?.stop();
});

async function staffUser(role: string, groups: string[] = []): Promise<Staff> {
  const email = `${role}-${randomBytes(4).toString('hex')}@cafe.test`;
  const token = await system.staffToken(email, groups);
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string };
  return { token, sub: claims.sub, email };
}

function api<T = Body>(method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<JsonResponse<T>> {
  return call<T>(system.admin.url, method, path, { token: options.token ?? owner.token, body: options.body });
}

async function create(path: string, body: unknown, token?: string): Promise<string> {
  const response = await api('POST', path, { token, body });
  if (response.status !== 201) throw new Error(`expected 201 from ${path}, got ${response.status}: ${JSON.stringify(response.body)}`);
  return String(response.body.id ?? response.body.cognitoSub);
}

/** Adds a user to the business with a role and returns their credentials. */
async function member(role: string, storeIds?: string[] | null): Promise<Staff> {
  const user = await staffUser(role);
  const response = await api('POST', `/businesses/${businessId}/staff`, { body: { username: user.email, cognitoSub: user.sub, role, storeIds } });
  expect(response.status).toBe(201);
  return user;
}

function invalidFields(response: JsonResponse): string[] {
  expect(response.status).toBe(400);
  expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED' });
  return ((response.body as unknown as Problem).errors ?? []).map((error) => error.path).sort();
}

const stampRules = { stampsRequired: 8, rewardDescription: 'A free coffee' };
const stampProgram = (overrides: Body = {}) => ({ brandId, name: 'Coffee Club', kind: 'stamp', rules: stampRules, ...overrides });
const store = (overrides: Body = {}) => ({ brandId, name: 'Main street', timeZone: 'Europe/Berlin', ...overrides });

describe('brands', () => {
  it('creates, reads, lists and changes a brand', async () => {
    const body = {
      name: 'Bakery',
      category: 'food',
      logoUrl: 'https://cdn.example/logo.png',
      contact: { email: 'hi@bakery.test', phone: '+49 30 1234567', website: 'https://bakery.test' },
    };
    const created = await api('POST', `/businesses/${businessId}/brands`, { body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject(body);
    expect(created.headers.get('location')).toBe(`/businesses/${businessId}/brands/${String(created.body.id)}`);

    const read = await api('GET', `/businesses/${businessId}/brands/${String(created.body.id)}`);
    expect(read.body).toEqual(created.body);

    const changed = await api('PATCH', `/businesses/${businessId}/brands/${String(created.body.id)}`, {
      body: { category: null, contact: { phone: '+49 30 7654321' } },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Bakery', category: null, logoUrl: body.logoUrl, contact: { phone: '+49 30 7654321' } });
    expect(changed.body.contact).not.toHaveProperty('email');

    const list = await api<Page>('GET', `/businesses/${businessId}/brands`);
    expect(list.body.items.map((brand) => brand.id)).toEqual(expect.arrayContaining([brandId, created.body.id]));
  });

  it('names every invalid field', async () => {
    const response = await api('POST', `/businesses/${businessId}/brands`, {
      body: { name: '', logoUrl: 'http://insecure.test/logo.png', contact: { email: 'not-an-email', website: 'ftp://x' } },
    });
    expect(invalidFields(response)).toEqual(['contact.email', 'contact.website', 'logoUrl', 'name']);
  });
});

describe('stores', () => {
  const details = {
    address: { line1: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
    latitude: 52.52,
    longitude: 13.405,
    openingHours: [
      { day: 0, opens: '07:00', closes: '18:00' },
      { day: 5, opens: '09:00', closes: '24:00' },
    ],
  };

  it('creates, reads and changes a store with its address, position and opening hours', async () => {
    const created = await api('POST', `/businesses/${businessId}/stores`, { body: store(details) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ brandId, name: 'Main street', timeZone: 'Europe/Berlin', ...details });

    const path = `/businesses/${businessId}/stores/${String(created.body.id)}`;
    expect((await api('GET', path)).body).toEqual(created.body);
    const changed = await api('PATCH', path, { body: { name: 'Station', latitude: null, longitude: null, openingHours: [] } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Station', latitude: null, longitude: null, openingHours: [], address: details.address });
  });

  it('names every invalid field', async () => {
    const response = await api('POST', `/businesses/${businessId}/stores`, {
      body: store({
        timeZone: 'Mars/Olympus',
        address: { country: 'XY' },
        openingHours: [
          { day: 7, opens: '10:00', closes: '19:00' },
          { day: 1, opens: '12:00', closes: '11:00' },
        ],
      }),
    });
    expect(invalidFields(response)).toEqual(['address.country', 'openingHours.0.day', 'openingHours.1.closes', 'timeZone']);
  });

  it('takes latitude and longitude together and within range', async () => {
    expect(invalidFields(await api('POST', `/businesses/${businessId}/stores`, { body: store({ latitude: 52.5 }) }))).toEqual(['latitude']);
    expect(invalidFields(await api('POST', `/businesses/${businessId}/stores`, { body: store({ latitude: 91, longitude: -181 }) }))).toEqual([
      'latitude',
      'longitude',
    ]);
    const storeId = await create(`/businesses/${businessId}/stores`, store(details));
    expect(invalidFields(await api('PATCH', `/businesses/${businessId}/stores/${storeId}`, { body: { longitude: 10 } }))).toEqual(['latitude']);
  });

  it('answers 404 for a brand of another business', async () => {
    const response = await api('POST', `/businesses/${businessId}/stores`, { body: store({ brandId: crypto.randomUUID() }) });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'NOT_FOUND', detail: 'Brand not found' });
  });
});

describe('staff and roles', () => {
  it('lets a cashier read the configuration but not create a program', async () => {
    const cashier = await member('cashier');
    expect((await api('GET', `/businesses/${businessId}/stores`, { token: cashier.token })).status).toBe(200);
    const response = await api('POST', `/businesses/${businessId}/programs`, { token: cashier.token, body: stampProgram() });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('lets a manager configure programs but not staff or stores', async () => {
    const manager = await member('manager');
    expect((await api('POST', `/businesses/${businessId}/programs`, { token: manager.token, body: stampProgram() })).status).toBe(201);
    const someone = await staffUser('someone');
    const staff = await api('POST', `/businesses/${businessId}/staff`, {
      token: manager.token,
      body: { username: someone.email, cognitoSub: someone.sub, role: 'cashier' },
    });
    expect(staff.status).toBe(403);
    expect((await api('GET', `/businesses/${businessId}/staff`, { token: manager.token })).status).toBe(403);
    expect((await api('POST', `/businesses/${businessId}/stores`, { token: manager.token, body: store() })).status).toBe(403);
  });

  it('lists, changes and removes staff; a removed member loses access', async () => {
    const cashier = await member('cashier');
    const path = `/businesses/${businessId}/staff/${cashier.sub}`;
    const listed = await api<Page>('GET', `/businesses/${businessId}/staff?limit=100`);
    expect(listed.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ cognitoSub: cashier.sub, username: cashier.email, role: 'cashier', storeIds: null })]),
    );

    const promoted = await api('PATCH', path, { body: { role: 'manager' } });
    expect(promoted.body).toMatchObject({ role: 'manager' });
    expect((await api('POST', `/businesses/${businessId}/programs`, { token: cashier.token, body: stampProgram() })).status).toBe(201);

    expect((await api('DELETE', path)).status).toBe(204);
    expect((await api('GET', `/businesses/${businessId}/stores`, { token: cashier.token })).status).toBe(404);
    expect((await api('DELETE', path)).status).toBe(404);
  });

  it('refuses to add the same user twice', async () => {
    const cashier = await member('cashier');
    const again = await api('POST', `/businesses/${businessId}/staff`, { body: { username: cashier.email, cognitoSub: cashier.sub, role: 'admin' } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'STAFF_MEMBER_EXISTS' });
  });

  it('lets only an owner grant or take away the owner role', async () => {
    const admin = await member('admin');
    const someone = await staffUser('someone');
    const grant = await api('POST', `/businesses/${businessId}/staff`, {
      token: admin.token,
      body: { username: someone.email, cognitoSub: someone.sub, role: 'owner' },
    });
    expect(grant.status).toBe(403);
    const demote = await api('PATCH', `/businesses/${businessId}/staff/${owner.sub}`, { token: admin.token, body: { role: 'cashier' } });
    expect(demote.status).toBe(403);
    expect(
      (
        await api('POST', `/businesses/${businessId}/staff`, {
          token: admin.token,
          body: { username: someone.email, cognitoSub: someone.sub, role: 'cashier' },
        })
      ).status,
    ).toBe(201);
  });

  it('never demotes or removes the last owner', async () => {
    const solo = await staffUser('solo', ['owner']);
    const soloBusiness = await create('/businesses', { name: 'Solo' }, solo.token);
    const path = `/businesses/${soloBusiness}/staff/${solo.sub}`;
    const demote = await api('PATCH', path, { token: solo.token, body: { role: 'admin' } });
    expect(demote.status).toBe(409);
    expect(demote.body).toMatchObject({ code: 'LAST_OWNER' });
    const remove = await api('DELETE', path, { token: solo.token });
    expect(remove.status).toBe(409);
    expect(remove.body).toMatchObject({ code: 'LAST_OWNER' });

    const partner = await staffUser('partner');
    await api('POST', `/businesses/${soloBusiness}/staff`, { token: solo.token, body: { username: partner.email, cognitoSub: partner.sub, role: 'owner' } });
    expect((await api('PATCH', path, { token: solo.token, body: { role: 'admin' } })).status).toBe(200);
    const last = await api('DELETE', `/businesses/${soloBusiness}/staff/${partner.sub}`, { token: partner.token });
    expect(last.body).toMatchObject({ code: 'LAST_OWNER' });
  });

  it('limits store-scoped staff to their stores', async () => {
    const mine = await create(`/businesses/${businessId}/stores`, store({ name: 'Mine' }));
    const theirs = await create(`/businesses/${businessId}/stores`, store({ name: 'Theirs' }));
    const scoped = await member('admin', [mine]);

    expect((await api('PATCH', `/businesses/${businessId}/stores/${mine}`, { token: scoped.token, body: { name: 'Still mine' } })).status).toBe(200);
    const elsewhere = await api('PATCH', `/businesses/${businessId}/stores/${theirs}`, { token: scoped.token, body: { name: 'Not mine' } });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body).toMatchObject({ code: 'STORE_NOT_ALLOWED' });

    const widened = await api('PATCH', `/businesses/${businessId}/staff/${scoped.sub}`, { body: { storeIds: null } });
    expect(widened.body).toMatchObject({ role: 'admin', storeIds: null });
    expect((await api('PATCH', `/businesses/${businessId}/stores/${theirs}`, { token: scoped.token, body: { name: 'Ours now' } })).status).toBe(200);
  });

  it("refuses store ids that are not the business's own", async () => {
    const someone = await staffUser('someone');
    const response = await api('POST', `/businesses/${businessId}/staff`, {
      body: { username: someone.email, cognitoSub: someone.sub, role: 'cashier', storeIds: [crypto.randomUUID()] },
    });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ detail: 'Store not found' });
    expect(
      invalidFields(await api('POST', `/businesses/${businessId}/staff`, { body: { username: 'nope', cognitoSub: '', role: 'boss', storeIds: ['x'] } })),
    ).toEqual(['cognitoSub', 'role', 'storeIds.0', 'username']);
  });
});

describe('programs', () => {
  it('creates a stamp program as a draft with its rules completed by defaults', async () => {
    const created = await api('POST', `/businesses/${businessId}/programs`, { body: stampProgram() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      brandId,
      kind: 'stamp',
      status: 'draft',
      rules: { stampsRequired: 8, rewardDescription: 'A free coffee', stampsPerVisit: 1, dailyStampLimit: null, minimumAmount: 0, stampValidityDays: null },
    });
    expect((await api('GET', `/businesses/${businessId}/programs/${String(created.body.id)}`)).body).toEqual(created.body);
  });

  it('creates a points program and validates its rules by kind', async () => {
    const points = await api('POST', `/businesses/${businessId}/programs`, {
      body: { brandId, name: 'Points', kind: 'points', rules: { currency: 'EUR', pointsPerUnit: 2 } },
    });
    expect(points.status).toBe(201);
    expect(points.body).toMatchObject({ kind: 'points', rules: { currency: 'EUR', pointsPerUnit: 2, rounding: 'down', expiry: { type: 'never' }, tiers: [] } });

    const wrongKind = await api('POST', `/businesses/${businessId}/programs`, { body: { brandId, name: 'Points', kind: 'points', rules: stampRules } });
    expect(invalidFields(wrongKind)).toEqual(['rules.currency', 'rules.pointsPerUnit']);
    expect(invalidFields(await api('POST', `/businesses/${businessId}/programs`, { body: { brandId, name: 'X', kind: 'coins', rules: {} } }))).toEqual([
      'kind',
    ]);
  });

  it('replaces the rules whole on PATCH, validated against the program kind', async () => {
    const id = await create(`/businesses/${businessId}/programs`, stampProgram({ rules: { ...stampRules, dailyStampLimit: 2 } }));
    const path = `/businesses/${businessId}/programs/${id}`;
    const changed = await api('PATCH', path, { body: { name: 'Coffee Club+', rules: { stampsRequired: 10, rewardDescription: 'Cake' } } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Coffee Club+', rules: { stampsRequired: 10, rewardDescription: 'Cake', dailyStampLimit: null } });
    expect(invalidFields(await api('PATCH', path, { body: { rules: { currency: 'EUR', pointsPerUnit: 1 } } }))).toEqual([
      'rules.rewardDescription',
      'rules.stampsRequired',
    ]);
  });

  it('moves through its lifecycle and refuses transitions that are not allowed', async () => {
    const id = await create(`/businesses/${businessId}/programs`, stampProgram());
    const path = `/businesses/${businessId}/programs/${id}`;
    const steps: [string, number, string][] = [
      ['pause', 409, 'draft'],
      ['resume', 409, 'draft'],
      ['end', 409, 'draft'],
      ['activate', 200, 'active'],
      ['activate', 409, 'active'],
      ['resume', 409, 'active'],
      ['pause', 200, 'paused'],
      ['pause', 409, 'paused'],
      ['resume', 200, 'active'],
      ['pause', 200, 'paused'],
      ['end', 200, 'ended'],
      ['activate', 409, 'ended'],
      ['resume', 409, 'ended'],
      ['end', 409, 'ended'],
    ];
    for (const [action, status, after] of steps) {
      const response = await api('POST', `${path}/${action}`);
      expect({ action, status: response.status }).toEqual({ action, status });
      if (status === 409) expect(response.body).toMatchObject({ code: 'INVALID_PROGRAM_TRANSITION' });
      expect((await api('GET', path)).body).toMatchObject({ status: after });
    }
    const edit = await api('PATCH', path, { body: { name: 'Too late' } });
    expect(edit.status).toBe(409);
    expect(edit.body).toMatchObject({ code: 'PROGRAM_ENDED' });
  });

  it('lists programs by brand and status', async () => {
    const otherBrand = await create(`/businesses/${businessId}/brands`, { name: 'Other brand' });
    const draft = await create(`/businesses/${businessId}/programs`, stampProgram({ brandId: otherBrand }));
    const active = await create(`/businesses/${businessId}/programs`, stampProgram({ brandId: otherBrand }));
    await api('POST', `/businesses/${businessId}/programs/${active}/activate`);

    const ofBrand = await api<Page>('GET', `/businesses/${businessId}/programs?brandId=${otherBrand}`);
    expect(ofBrand.body.items.map((program) => program.id)).toEqual([draft, active]);
    const activeOnes = await api<Page>('GET', `/businesses/${businessId}/programs?brandId=${otherBrand}&status=active`);
    expect(activeOnes.body.items.map((program) => program.id)).toEqual([active]);
  });
});

describe('reward catalog', () => {
  it('adds, lists, changes and archives rewards', async () => {
    const programId = await create(`/businesses/${businessId}/programs`, stampProgram());
    const rewards = `/businesses/${businessId}/programs/${programId}/rewards`;
    const body = {
      name: 'Croissant',
      description: 'Butter',
      cost: 5,
      validFrom: '2026-12-01T00:00:00.000Z',
      validUntil: '2027-01-01T00:00:00.000Z',
      stock: 100,
      perCustomerLimit: 2,
    };
    const created = await api('POST', rewards, { body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...body, programId, status: 'active' });
    const unlimited = await api('POST', rewards, { body: { name: 'Water', cost: 1 } });
    expect(unlimited.body).toMatchObject({ description: '', validFrom: null, validUntil: null, stock: null, perCustomerLimit: null });

    const path = `${rewards}/${String(created.body.id)}`;
    const changed = await api('PATCH', path, { body: { cost: 6, stock: null } });
    expect(changed.body).toMatchObject({ cost: 6, stock: null, name: 'Croissant' });

    expect((await api('DELETE', path)).status).toBe(204);
    expect((await api<Page>('GET', rewards)).body.items.map((reward) => reward.id)).toEqual([unlimited.body.id]);
    expect((await api<Page>('GET', `${rewards}?status=archived`)).body.items).toEqual([expect.objectContaining({ id: created.body.id, status: 'archived' })]);
    expect((await api('PATCH', path, { body: { cost: 7 } })).body).toMatchObject({ code: 'REWARD_ARCHIVED' });
  });

  it('names invalid fields, including an empty validity window', async () => {
    const programId = await create(`/businesses/${businessId}/programs`, stampProgram());
    const rewards = `/businesses/${businessId}/programs/${programId}/rewards`;
    expect(invalidFields(await api('POST', rewards, { body: { name: '', cost: 0, stock: -1, perCustomerLimit: 0, validFrom: 'soon' } }))).toEqual([
      'cost',
      'name',
      'perCustomerLimit',
      'stock',
      'validFrom',
    ]);
    const window = { validFrom: '2027-01-01T00:00:00.000Z', validUntil: '2026-01-01T00:00:00.000Z' };
    expect(invalidFields(await api('POST', rewards, { body: { name: 'Cake', cost: 3, ...window } }))).toEqual(['validUntil']);
    const id = await create(rewards, { name: 'Cake', cost: 3, validFrom: window.validFrom });
    expect(invalidFields(await api('PATCH', `${rewards}/${id}`, { body: { validUntil: window.validUntil } }))).toEqual(['validUntil']);
  });

  it('lets a cashier read the catalog but not change it', async () => {
    const cashier = await member('cashier');
    const programId = await create(`/businesses/${businessId}/programs`, stampProgram());
    const rewards = `/businesses/${businessId}/programs/${programId}/rewards`;
    expect((await api('GET', rewards, { token: cashier.token })).status).toBe(200);
    expect((await api('POST', rewards, { token: cashier.token, body: { name: 'Cake', cost: 3 } })).status).toBe(403);
  });
});

describe('tenancy', () => {
  it("answers 404 on every configuration route for another business's data", async () => {
    const stranger = await staffUser('stranger', ['owner']);
    const strangersBusiness = await create('/businesses', { name: 'Elsewhere' }, stranger.token);
    const storeId = await create(`/businesses/${businessId}/stores`, store());
    const programId = await create(`/businesses/${businessId}/programs`, stampProgram());
    const rewardId = await create(`/businesses/${businessId}/programs/${programId}/rewards`, { name: 'Cake', cost: 3 });
    const cashier = await member('cashier');
    const newcomer = await staffUser('newcomer');
    const routes = (b: string): [string, string, unknown?][] => [
      ['GET', `${b}/brands/${brandId}`],
      ['PATCH', `${b}/brands/${brandId}`, { name: 'Stolen' }],
      ['POST', `${b}/stores`, store()],
      ['GET', `${b}/stores/${storeId}`],
      ['PATCH', `${b}/stores/${storeId}`, { name: 'Stolen' }],
      ['POST', `${b}/staff`, { username: newcomer.email, cognitoSub: newcomer.sub, role: 'cashier', storeIds: [storeId] }],
      ['PATCH', `${b}/staff/${cashier.sub}`, { role: 'owner' }],
      ['DELETE', `${b}/staff/${cashier.sub}`],
      ['POST', `${b}/programs`, stampProgram()],
      ['GET', `${b}/programs/${programId}`],
      ['PATCH', `${b}/programs/${programId}`, { name: 'Stolen' }],
      ['POST', `${b}/programs/${programId}/activate`],
      ['POST', `${b}/programs/${programId}/pause`],
      ['POST', `${b}/programs/${programId}/resume`],
      ['POST', `${b}/programs/${programId}/end`],
      ['POST', `${b}/programs/${programId}/rewards`, { name: 'Stolen', cost: 1 }],
      ['GET', `${b}/programs/${programId}/rewards`],
      ['GET', `${b}/programs/${programId}/rewards/${rewardId}`],
      ['PATCH', `${b}/programs/${programId}/rewards/${rewardId}`, { cost: 1 }],
      ['DELETE', `${b}/programs/${programId}/rewards/${rewardId}`],
    ];
    const lists: [string, string, unknown?][] = [
      ['POST', `/businesses/${businessId}/brands`, { name: 'Stolen' }],
      ['GET', `/businesses/${businessId}/brands`],
      ['GET', `/businesses/${businessId}/stores`],
      ['GET', `/businesses/${businessId}/staff`],
      ['GET', `/businesses/${businessId}/programs`],
    ];
    // Through our business's URLs, and through the stranger's own business with our ids in them.
    const attempts = [...routes(`/businesses/${businessId}`), ...lists, ...routes(`/businesses/${strangersBusiness}`)];
    const answers = await Promise.all(
      attempts.map(async ([method, path, body]) => `${method} ${path} → ${(await api(method, path, { token: stranger.token, body })).status}`),
    );
    expect(answers).toEqual(attempts.map(([method, path]) => `${method} ${path} → 404`));

    expect((await api('GET', `/businesses/${businessId}/programs/${programId}`)).body).toMatchObject({ status: 'draft', name: 'Coffee Club' });
    expect((await api('GET', `/businesses/${businessId}/stores/${storeId}`)).body).toMatchObject({ name: 'Main street' });
    expect((await api<Page>('GET', `/businesses/${strangersBusiness}/brands`, { token: stranger.token })).body.items).toEqual([]);
  });
});

describe('pagination', () => {
  it('pages through 25 stores in stable creation order without duplicates', async () => {
    const pagedBrand = await create(`/businesses/${businessId}/brands`, { name: 'Chain' });
    const created: string[] = [];
    for (let i = 0; i < 25; i++) created.push(await create(`/businesses/${businessId}/stores`, store({ brandId: pagedBrand, name: `Store ${i}` })));

    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `brandId=${pagedBrand}&limit=10${cursor ? `&cursor=${cursor}` : ''}`;
      const page: JsonResponse<Page> = await api<Page>('GET', `/businesses/${businessId}/stores?${query}`);
      expect(page.status).toBe(200);
      sizes.push(page.body.items.length);
      seen.push(...page.body.items.map((item) => String(item.id)));
      cursor = page.body.nextCursor;
    } while (cursor);

    expect(sizes).toEqual([10, 10, 5]);
    expect(new Set(seen).size).toBe(25);
    expect([...seen].sort()).toEqual([...created].sort());
    const all = await api<Page>('GET', `/businesses/${businessId}/stores?brandId=${pagedBrand}&limit=100`);
    expect(all.body.items.map((item) => item.id)).toEqual(seen);
  });

  it('rejects a cursor it did not hand out', async () => {
    const response = await api('GET', `/businesses/${businessId}/stores?cursor=bogus`);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'INVALID_CURSOR' });
  });
});

describe('documentation', () => {
  it('names the configuration views in the OpenAPI document', async () => {
    const { body } = await call<{ components: { schemas: Record<string, unknown> }; paths: Record<string, unknown> }>(system.admin.url, 'GET', '/openapi.json');
    expect(Object.keys(body.components.schemas)).toEqual(
      expect.arrayContaining(['Brand', 'Store', 'StaffMember', 'Program', 'StampRules', 'PointsRules', 'CatalogReward', 'StorePage']),
    );
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/businesses/{businessId}/programs/{programId}/activate', '/businesses/{businessId}/staff/{cognitoSub}']),
    );
  });
});
