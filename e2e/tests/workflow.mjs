// The learner's whole story: type a Dockerfile, build it, crash the next build at step 3, rebuild and
// see the resumed steps, run the image in the terminal, reload and find the work kept. Also the phone
// layout, keyboard operation and corrupt storage. Screenshots go to target/e2e/ (git-ignored).
import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clearStorage } from '../storage.mjs';

const shots = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'target', 'e2e');
mkdirSync(shots, { recursive: true });

const DOCKERFILE = 'FROM alpine:3.20\nRUN echo one\nRUN echo two\nRUN echo three\nCMD ["echo", "hello from the image"]\n';

async function fresh(page, appUrl, viewport = { width: 1440, height: 900 }) {
  await page.setViewportSize(viewport);
  await clearStorage(page, appUrl);
  await page.goto(appUrl);
  await page.locator('[data-testid="dockerfile-editor"]').waitFor({ timeout: 15000 });
}

async function marks(page) {
  return page.$$eval('[data-testid="layer"]', (els) => els.map((e) => `${e.dataset.step}:${e.dataset.cache}`).join(' '));
}

// The terminal prints the build's last line before the layer stack has rendered it (the app renders per
// animation frame), so the stack is read once it has settled, or after 10 s.
async function settledMarks(page, want) {
  await page.waitForFunction((w) => [...document.querySelectorAll('[data-testid="layer"]')]
    .map((e) => `${e.dataset.step}:${e.dataset.cache}`).join(' ') === w, want, { timeout: 10000 }).catch(() => {});
  return marks(page);
}

function expectEqual(actual, expected, what) {
  if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

async function waitForBuildEnd(page) {
  await page.waitForFunction(() => document.querySelector('.banner.ok, .banner.failed, [data-testid="crash-banner"]')
    && document.querySelector('[data-testid="play"]').textContent.trim() === 'Play', null, { timeout: 30000 });
}

async function terminal(page, line) {
  const input = page.locator('[data-testid="terminal-input"]');
  await input.fill(line);
  await input.press('Enter');
}

export const tests = [
  {
    name: 'workflow: build, crash at step 3, resume, run in the terminal, reload',
    async run(page, { appUrl }) {
      await fresh(page, appUrl);
      await page.locator('[data-testid="dockerfile-editor"]').fill(DOCKERFILE);
      await page.selectOption('[data-testid="speed"]', 'instant');
      await page.selectOption('[data-testid="crash-at"]', '3');
      await page.click('[data-testid="build"]');
      await waitForBuildEnd(page);
      expectEqual(await marks(page), '1:miss 2:miss 3:failed 4:pending', 'after the crash');
      const banner = await page.locator('[data-testid="crash-banner"]').textContent();
      if (!banner.includes('lost in flight')) throw new Error(`crash banner: ${banner}`);
      expectEqual(await page.inputValue('[data-testid="crash-at"]'), '', 'the crash is one-shot');
      await page.screenshot({ path: join(shots, 'crashed.png') });

      await page.click('[data-testid="build"]');
      await waitForBuildEnd(page);
      expectEqual(await marks(page), '1:hit 2:hit 3:miss 4:miss', 'after the rebuild');
      expectEqual(await page.locator('.badge.resumed').count(), 1, 'resumed steps');
      await page.locator('[data-testid="layer"][data-step="3"] button').click();
      const why = await page.locator('[data-testid="inspector"]').textContent();
      if (!why.includes('Cache miss')) throw new Error(`inspector: ${why}`);
      const log = await page.locator('[data-testid="build-log"]').textContent();
      if (!log.includes('[2/4] RUN echo one') || !log.includes('CACHED')) throw new Error(`log: ${log.slice(0, 400)}`);
      await page.screenshot({ path: join(shots, 'resumed.png') });

      await page.click('[data-testid="tab-image"]');
      const history = await page.locator('[data-testid="history-table"]').textContent();
      if (!history.startsWith('IMAGE          CREATED')) throw new Error(`history: ${history}`);

      await page.click('[data-testid="tab-terminal"]');
      await terminal(page, 'docker images');
      await terminal(page, 'docker run --rm myapp');
      const out = await page.locator('[data-testid="terminal-output"]').textContent();
      if (!out.includes('hello from the image')) throw new Error(`terminal: ${out}`);
      await page.locator('[data-testid="terminal-input"]').press('ArrowUp');
      expectEqual(await page.inputValue('[data-testid="terminal-input"]'), 'docker run --rm myapp', 'history recall');

      await page.click('[data-testid="tab-run"]');
      await page.locator('[data-testid="run-args"]').fill('echo via the run panel');
      await page.locator('[data-testid="run-args"]').press('Enter');
      const runOut = await page.locator('[data-testid="run-output"]').textContent();
      if (!runOut.includes('via the run panel')) throw new Error(`run output: ${runOut}`);
      await page.screenshot({ path: join(shots, 'run.png') });

      await page.reload();
      await page.locator('[data-testid="dockerfile-editor"]').waitFor();
      expectEqual(await page.inputValue('[data-testid="dockerfile-editor"]'), DOCKERFILE, 'the Dockerfile after a reload');
      expectEqual(await page.inputValue('[data-testid="speed"]'), 'instant', 'settings after a reload');
    },
  },
  {
    name: 'the terminal builds the same files as the Build button',
    async run(page, { appUrl }) {
      await fresh(page, appUrl);
      const seed = await page.inputValue('[data-testid="dockerfile-editor"]');
      if (!seed.startsWith('FROM python:3.12-slim')) throw new Error(`a fresh page starts from the seed, not: ${seed}`);
      await page.click('[data-testid="tab-terminal"]');
      await terminal(page, 'cat requirements.txt');
      await terminal(page, 'docker build -t x .');
      const out = await page.locator('[data-testid="terminal-output"]').textContent();
      if (!out.includes('flask') || !out.includes('naming to docker.io/library/x done')) throw new Error(`terminal: ${out.slice(-600)}`);
      expectEqual(await settledMarks(page, '1:miss 2:miss 3:miss 4:miss 5:miss'), '1:miss 2:miss 3:miss 4:miss 5:miss', 'the terminal build in the stack');
      await page.selectOption('[data-testid="speed"]', 'instant');
      await page.click('[data-testid="build"]');
      await waitForBuildEnd(page);
      expectEqual(await marks(page), '1:hit 2:hit 3:hit 4:hit 5:hit', 'the Build button reuses the terminal cache');
    },
  },
  {
    name: 'keyboard, phone width, dark theme and corrupt storage',
    async run(page, { appUrl }) {
      await fresh(page, appUrl, { width: 375, height: 812 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 0) throw new Error(`page is ${overflow}px wider than the phone`);
      await page.screenshot({ path: join(shots, 'phone-edit.png') });
      await page.focus('[data-testid="step"]');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter');
      await page.click('[data-testid="area-build"]');
      const first = await page.locator('[data-testid="layer"]').first().getAttribute('data-cache');
      expectEqual(first, 'miss', 'Step by keyboard pulled the base');
      await page.click('[data-testid="theme"]');
      await page.click('[data-testid="theme"]');
      expectEqual(await page.getAttribute('.app', 'data-theme'), 'dark', 'theme');
      await page.screenshot({ path: join(shots, 'phone-build-dark.png') });
      await page.evaluate(() => localStorage.setItem('layerlab.work.v1', '{not json'));
      await page.reload();
      await page.locator('[data-testid="notice"]').waitFor({ timeout: 5000 });
      const text = await page.inputValue('[data-testid="dockerfile-editor"]').catch(() => '');
      await page.click('[data-testid="area-workspace"]');
      const editor = await page.inputValue('[data-testid="dockerfile-editor"]');
      if (!editor.startsWith('FROM python:3.12-slim')) throw new Error(`editor after corrupt storage: ${editor || text}`);
    },
  },
];
