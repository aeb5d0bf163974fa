import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { launchPersistentChromium } from '../test/support/browser.js';
import { openShop, startCustomerApp } from '../test/support/customer-app.js';
import { call } from '../test/support/http.js';
import { startTestEnvironment } from '../test/test-environment.js';
import { formatTable } from './shared/table.js';

/**
 * `npm run bench:apps`: Lighthouse (mobile preset, its default) on the customer app's card screen, built
 * as for production and signed in against the real system. Fails under the 90 in any category.
 */
const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;
const TARGET = 0.9;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

const stopEnvironment = await startTestEnvironment();
const under = await startCustomerApp();
const profileDir = await mkdtemp(join(tmpdir(), 'lighthouse-profile-'));
try {
  const shop = await openShop(under.system);
  const email = `lighthouse-${Date.now()}@example.com`;
  const accessToken = await under.system.customerToken(email);
  const card = await call(under.system.customer.url, 'POST', '/me/cards', { token: accessToken, body: { programId: shop.programId } });
  const cardUrl = `${under.app.url}/cards/${String(card.body.id)}`;

  const port = await freePort();
  const browser = await launchPersistentChromium(profileDir, [`--remote-debugging-port=${port}`]);
  try {
    const page = await browser.newPage();
    await page.goto(under.app.url);
    await page.evaluate((session) => localStorage.setItem('loyalty.session', JSON.stringify(session)), { email, accessToken });
    // Kept signed in: Lighthouse clears the origin's storage unless told not to.
    const result = await lighthouse(cardUrl, { port, output: 'json', logLevel: 'error', disableStorageReset: true, onlyCategories: [...CATEGORIES] });
    if (!result) throw new Error('Lighthouse returned no result');
    // A lost session would redirect to the sign-in screen and score that instead.
    if (result.lhr.finalDisplayedUrl !== cardUrl) throw new Error(`Lighthouse ended on ${result.lhr.finalDisplayedUrl}, not the card screen`);
    const scores = CATEGORIES.map((id) => ({ id, score: result.lhr.categories[id]?.score ?? 0 }));
    console.log(`\nbuilt customer app: initial JS ${(under.build.initialJsGzipBytes / 1000).toFixed(1)} KB gzip`);
    console.log(
      formatTable(
        `Lighthouse ${result.lhr.lighthouseVersion}, ${result.lhr.configSettings.formFactor} preset, card screen (${cardUrl})`,
        ['category', 'score', `target ≥ ${TARGET * 100}`],
        scores.map(({ id, score }) => [id, String(Math.round(score * 100)), score >= TARGET ? 'met' : 'MISSED']),
      ),
    );
    for (const audit of Object.values(result.lhr.audits).filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative')) {
      console.log(`  below 90: ${audit.id} (${Math.round((audit.score ?? 0) * 100)}) ${audit.displayValue ?? ''}`);
    }
    if (scores.some(({ score }) => score < TARGET)) process.exitCode = 1;
  } finally {
    await browser.close();
  }
} finally {
  await under.stop();
  await stopEnvironment();
  await rm(profileDir, { recursive: true, force: true });
}
