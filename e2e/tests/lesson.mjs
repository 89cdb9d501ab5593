// Lesson mode end to end: open "What an image is", read the story, reveal a hint, type the solution
// into the editor key by key, check the goal and see the lesson solved; reload and find the progress
// and the lesson kept; go back to the sandbox and find the learner's own work. Also the hover docs of
// an instruction and the rule docs of a lint hint.
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clearStorage } from '../storage.mjs';

const shots = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'target', 'e2e');
const EDITOR = '[data-testid="dockerfile-editor"]';
const LESSON = '[data-testid="lesson"][data-lesson-id="what-is-an-image"]';

function expectEqual(actual, expected, what) {
  if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

async function fresh(page, appUrl) {
  await page.setViewportSize({ width: 1440, height: 900 });
  await clearStorage(page, appUrl);
  await page.goto(appUrl);
  await page.locator(EDITOR).waitFor({ timeout: 15000 });
}

export const tests = [
  {
    name: 'lesson: type the solution, check the goal, reload and keep the progress',
    async run(page, { appUrl }) {
      await fresh(page, appUrl);
      expectEqual(await page.locator('[data-testid="lesson"]').count(), 15, 'lessons listed');
      expectEqual(await page.locator('[data-testid="example"]').count(), 8, 'examples listed');
      await page.locator(EDITOR).fill('FROM alpine:3.20\nRUN echo my own work\n');
      expectEqual(await page.getAttribute(LESSON, 'data-solved'), 'false', 'not solved yet');

      await page.click(LESSON);
      expectEqual(await page.inputValue(EDITOR), 'FROM ubuntu:22.04\n', 'the lesson files are loaded');
      const story = await page.locator('[data-testid="lesson-story"]').textContent();
      if (!story.includes('read-only template')) throw new Error(`story: ${story}`);
      await page.click('[data-testid="reveal-hint"]');
      expectEqual(await page.locator('[data-testid="hint"]').count(), 1, 'one hint revealed');

      await page.click('[data-testid="check-goal"]');
      expectEqual(await page.getAttribute('[data-testid="goal-result"]', 'data-passed'), 'false', 'the starting files fail');

      await page.locator(EDITOR).click();
      await page.keyboard.press('Control+End');
      await page.keyboard.type('CMD ["echo", "Hello from my first image"]\n');
      expectEqual(await page.inputValue(EDITOR), 'FROM ubuntu:22.04\nCMD ["echo", "Hello from my first image"]\n', 'typed');
      await page.click('[data-testid="check-goal"]');
      expectEqual(await page.getAttribute('[data-testid="goal-result"]', 'data-passed'), 'true', 'the goal is reached');
      const checks = await page.$$eval('[data-testid="goal-check"]', (els) => els.map((e) => e.dataset.passed).join(' '));
      expectEqual(checks, 'true true', 'every check passes');
      expectEqual(await page.getAttribute(LESSON, 'data-solved'), 'true', 'marked solved');
      await page.screenshot({ path: join(shots, 'lesson-solved.png') });

      await page.reload();
      await page.locator(EDITOR).waitFor({ timeout: 15000 });
      expectEqual(await page.getAttribute(LESSON, 'data-solved'), 'true', 'progress kept after reload');
      expectEqual(await page.getAttribute('[data-testid="lesson-card"]', 'data-lesson-id'), 'what-is-an-image', 'lesson still open');
      expectEqual(await page.inputValue(EDITOR), 'FROM ubuntu:22.04\nCMD ["echo", "Hello from my first image"]\n', 'lesson work kept');

      await page.click('[data-testid="leave-lesson"]');
      expectEqual(await page.inputValue(EDITOR), 'FROM alpine:3.20\nRUN echo my own work\n', 'the sandbox came back');
      expectEqual(await page.locator('[data-testid="lesson-card"]').count(), 0, 'lesson closed');
    },
  },
  {
    name: 'lesson: hover docs on an instruction and rule docs on a lint hint',
    async run(page, { appUrl }) {
      await fresh(page, appUrl);
      await page.locator(EDITOR).fill('FROM ubuntu\nCOPY --chown=app:app . /app\n');
      const box = await page.locator(EDITOR).boundingBox();
      await page.mouse.move(box.x + 40, box.y + 6 + 20 + 10);
      await page.waitForFunction(() => document.querySelector('[data-testid="line-docs"]')?.dataset.line === '2');
      const terms = await page.$$eval('[data-testid="line-docs"] [data-term]', (els) => els.map((e) => e.dataset.term).join(' '));
      expectEqual(terms, 'COPY --chown', 'docs of line 2');

      const finding = page.locator('[data-testid="lint-finding"][data-code="DL3006"]');
      await finding.focus();
      const doc = finding.locator('.rule-doc');
      if (!(await doc.isVisible())) throw new Error('the rule docs show on focus');
      await finding.locator('[data-testid="lint-lesson"]').click();
      expectEqual(await page.getAttribute('[data-testid="lesson-card"]', 'data-lesson-id'), 'what-is-an-image', 'the lint hint opens its lesson');
    },
  },
];
