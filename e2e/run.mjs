// End-to-end tests: playwright-core drives Debian's Chromium against the release build in dist/.
// Every test gets a fresh page; the whole run uses a fresh user-data-dir. Prints `N passed, N failed`.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const appUrl = process.env.APP_URL ?? 'http://127.0.0.1:8080/';
const only = process.argv[2];

// Each file in e2e/tests exports `tests`: an array of { name, run(page, ctx) }.
const suites = readdirSync(join(here, 'tests')).filter((f) => f.endsWith('.mjs')).sort();
const tests = [];
for (const file of suites) {
  const mod = await import(join(here, 'tests', file));
  for (const t of mod.tests) tests.push({ ...t, file });
}

const userDataDir = mkdtempSync(join(tmpdir(), 'layerlab-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--no-first-run', '--disable-quic'],
});

let passed = 0;
let failed = 0;
try {
  for (const t of tests) {
    if (only && !t.name.includes(only)) continue;
    const page = await context.newPage();
    const errors = [];
    const foreign = [];
    const origin = new URL(appUrl).origin;
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (!['data:', 'blob:'].includes(u.protocol) && u.origin !== origin && !(t.allowOrigins ?? []).includes(u.origin)) {
        foreign.push(r.url());
      }
    });
    try {
      await t.run(page, { appUrl });
      if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
      if (foreign.length) throw new Error(`requests left the app's origin: ${foreign.join(', ')}`);
      passed++;
      console.log(`ok   ${t.file} ${t.name}`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${t.file} ${t.name}: ${e.message}`);
      await page.screenshot({ path: join(here, `fail-${t.name.replace(/\W+/g, '-')}.png`) }).catch(() => {});
    } finally {
      await page.close();
    }
  }
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed || passed === 0 ? 1 : 0);
