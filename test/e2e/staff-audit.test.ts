import { call } from '../support/http.js';
import { startSystem, type System } from '../support/system.js';
import { setUpStampProgram } from '../support/stamp-program.js';

let system: System;
beforeAll(async () => {
  system = await startSystem({ processors: false });
});
afterAll(async () => {
  await system?.stop();
});

interface StaffAction {
  action: string;
  actor: { type: string; id: string; username: string };
  resource: { type: string; id: string };
  details: Record<string, unknown>;
}

async function staffActions(businessId: string): Promise<StaffAction[]> {
  const rows = await system.admin.orm.em
    .fork()
    .execute<{ payload: StaffAction }[]>(`select payload from messaging.outbox where event_type = 'audit.staff_action' and business_id = ? order by id`, [
      businessId,
    ]);
  return rows.map((row) => row.payload);
}

test('every configuration change by staff leaves an audit record naming who did what to which resource', async () => {
  const shop = await setUpStampProgram(system, { stampsRequired: 5, reward: 'Tea' });
  const admin = (method: string, path: string, body?: unknown) =>
    call(system.admin.url, method, `/businesses/${shop.businessId}${path}`, { token: shop.staffToken, body });

  expect((await admin('PATCH', '', { name: 'Cafe Renamed' })).status).toBe(200);
  expect((await admin('PATCH', `/stores/${shop.storeId}`, { name: 'Market square' })).status).toBe(200);
  expect((await admin('POST', `/programs/${shop.programId}/pause`)).status).toBe(200);
  const reward = await admin('POST', `/programs/${shop.programId}/rewards`, { name: 'Biscuit', cost: 2 });
  expect((await admin('DELETE', `/programs/${shop.programId}/rewards/${reward.body.id}`)).status).toBe(204);

  const actions = await staffActions(shop.businessId);
  expect(actions.map((a) => a.action)).toEqual([
    'business.founded',
    'brand.created',
    'store.created',
    'program.created',
    'program.activate',
    'business.updated',
    'store.updated',
    'program.pause',
    'catalog_reward.created',
    'catalog_reward.archived',
  ]);
  const [owner] = await system.admin.orm.em
    .fork()
    .execute<{ cognito_sub: string }[]>(`select cognito_sub from business.staff_members where business_id = ?`, [shop.businessId]);
  expect(actions.every((a) => a.actor.type === 'staff' && a.actor.id === owner?.cognito_sub)).toBe(true);
  expect(actions.find((a) => a.action === 'program.pause')).toMatchObject({
    resource: { type: 'program', id: shop.programId },
    details: { from: 'active', to: 'paused' },
  });
  expect(actions.find((a) => a.action === 'store.updated')?.details).toEqual({ changed: ['name'] });
  expect(actions.find((a) => a.action === 'business.founded')).toMatchObject({ resource: { type: 'business', id: shop.businessId } });
  expect(actions.find((a) => a.action === 'business.updated')?.details).toEqual({ changed: ['name'] });
});

test('a refused change leaves no audit record', async () => {
  const shop = await setUpStampProgram(system, { stampsRequired: 5, reward: 'Tea' });
  const before = (await staffActions(shop.businessId)).length;
  const refused = await call(system.admin.url, 'POST', `/businesses/${shop.businessId}/programs/${shop.programId}/activate`, { token: shop.staffToken });
  expect(refused.status).toBe(409);
  expect(await staffActions(shop.businessId)).toHaveLength(before);
});
