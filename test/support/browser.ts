import { mkdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type LaunchOptions, type Page } from 'playwright-core';

export const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));
export const SCREENS_DIR = join(repositoryRoot, 'test-results', 'screens');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Debian's Chromium as root, without the background traffic a test does not want (see TOOLCHAIN.md). */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, ...options, args: [...CHROMIUM_FLAGS, ...(options.args ?? [])] });
}

export function launchPersistentChromium(userDataDir: string, args: string[] = []): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, args: [...CHROMIUM_FLAGS, ...args] });
}

export interface ServedApp {
  url: string;
  stop(): Promise<void>;
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
};

/**
 * A built app as a static host serves it (gzip, long-lived hashed assets, every route falling back to
 * index.html), with its <meta name="…"> settings rewritten: one build can point at an API on any port.
 * `meta` is read on every request, so it may be filled in after the server is up (the API's CORS list
 * needs the app's origin, the app needs the API's URL).
 */
export async function serveApp(dir: string, meta: Record<string, string>): Promise<ServedApp> {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(dir, path);
    let body = await readFile(file).catch(() => undefined);
    // The service worker precaches /index.html itself: it must get the same rewritten page.
    if (!body || extname(path) === '' || path === '/index.html') {
      file = join(dir, 'index.html');
      let html = await readFile(file, 'utf8');
      for (const [name, value] of Object.entries(meta)) html = html.replace(new RegExp(`(<meta name="${name}" content=")[^"]*"`), `$1${value}"`);
      body = Buffer.from(html);
    }
    const type = types[extname(file)] ?? 'application/octet-stream';
    const headers: Record<string, string> = {
      'content-type': type,
      'cache-control': file.includes(`${join(dir, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
    };
    if (/text|javascript|json|svg/.test(type) && /\bgzip\b/.test(String(req.headers['accept-encoding']))) {
      headers['content-encoding'] = 'gzip';
      body = gzipSync(body);
    }
    res.writeHead(200, headers);
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A full-page PNG under test-results/screens, named after the screen. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENS_DIR, { recursive: true });
  const path = join(SCREENS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** axe-core's WCAG 2 A/AA rules on the page as it is: the serious and critical violations, described. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}
