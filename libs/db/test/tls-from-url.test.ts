import { withDatabase } from '@loyalty/testing';
import { openDatabase } from '../src/index.js';

// The test server has no TLS, so a URL asking for it must fail to connect: proof that sslmode reaches the driver.
const adminUrl = () => process.env.TEST_PG_ADMIN_URL!;

test('a URL without sslmode connects in plain text', async () => {
  const orm = await openDatabase({ databaseUrl: withDatabase(adminUrl(), 'postgres'), poolMax: 1 });
  try {
    const [row] = await orm.em.fork().execute<{ ok: number }[]>('select 1 as ok');
    expect(row?.ok).toBe(1);
  } finally {
    await orm.close();
  }
});

test.each(['no-verify', 'require'])('sslmode=%s makes the connection ask for TLS', async (mode) => {
  const url = new URL(withDatabase(adminUrl(), 'postgres'));
  url.searchParams.set('sslmode', mode);
  const orm = await openDatabase({ databaseUrl: url.toString(), poolMax: 1 });
  try {
    await expect(orm.em.fork().execute('select 1')).rejects.toThrow(/does not support SSL/);
  } finally {
    await orm.close();
  }
});
