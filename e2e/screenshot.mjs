// Saves docs/screenshot.png: the Flask example in the middle of a build, for the README. Run after
// `trunk build --release`: `node e2e/screenshot.mjs`.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const port = process.env.SHOT_PORT ?? '8098';
const server = spawn('python3', ['-m', 'http.server', port, '--bind', '127.0.0.1', '--directory', join(root, 'dist')], { stdio: 'ignore' });
try {
  await new Promise((r) => setTimeout(r, 500));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-gpu'] });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, colorScheme: process.env.SHOT_SCHEME ?? 'light' });
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.locator('[data-testid="dockerfile-editor"]').waitFor();
  // One build to fill the cache, an edit to app.py, then Step to the middle of the rebuild.
  await page.selectOption('[data-testid="speed"]', 'instant');
  await page.click('[data-testid="build"]');
  await page.waitForSelector('.banner.ok');
  await page.click('.file-name:has-text("requirements.txt")');
  await page.locator('.file-text').fill('flask\nrequests\n');
  for (let i = 0; i < 3; i++) await page.click('[data-testid="step"]');
  await page.locator('[data-testid="layer"][data-step="3"] button').click();
  mkdirSync(join(root, 'docs'), { recursive: true });
  const out = process.env.SHOT_OUT ?? join(root, 'docs', 'screenshot.png');
  await page.screenshot({ path: out });
  console.log(`saved ${out}`);
  await browser.close();
} finally {
  server.kill();
}
