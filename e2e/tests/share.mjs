// Share links: the round trip restores exactly what was shared and keeps the learner's own work
// aside; a broken link says so and never touches the saved work.

import { clearStorage } from '../storage.mjs';

const EDITOR = '[data-testid="dockerfile-editor"]';
const SHARED = 'FROM alpine:3.20\nRUN echo shared > /shared.txt\nCMD ["cat", "/shared.txt"]\n';
const MINE = 'FROM busybox\nCMD ["echo", "my own work"]\n';

async function open(page, url) {
  await page.goto(url);
  await page.locator(EDITOR).waitFor({ timeout: 15000 });
}

async function startWith(page, appUrl, text) {
  await clearStorage(page, appUrl);
  await open(page, appUrl);
  await page.locator(EDITOR).fill(text);
  // The work is saved after the render that follows the edit.
  await page.waitForFunction((t) => (localStorage.getItem('layerlab.work.v1') ?? '').includes(JSON.stringify(t).slice(1, 20)), text);
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

export const tests = [
  {
    name: 'share: the link restores the workspace exactly, and Restore brings the own work back',
    async run(page, { appUrl }) {
      await startWith(page, appUrl, SHARED);
      await page.locator('[data-testid="add-file"]').waitFor();
      await page.fill('[data-testid="new-file-name"]', 'notes/readme.md');
      await page.click('[data-testid="add-file"]');
      await page.locator('.file-text').fill('# shared notes\n');
      await page.check('[data-testid="no-cache"]');
      await page.fill('[data-testid="build-args"]', 'GREETING=hi');
      await page.click('[data-testid="share"]');
      const link = await page.inputValue('[data-testid="share-link"]');
      expect(link.startsWith(`${appUrl}#share=v1.`), `link: ${link}`);
      const embed = await page.inputValue('[data-testid="embed-code"]');
      expect(embed.startsWith('<iframe src="') && embed.includes('?embed&amp;view=build#share=v1.'), `embed code: ${embed}`);

      // The learner goes on with their own work; then opens the link.
      await page.locator(EDITOR).fill(MINE);
      await page.waitForFunction(() => (localStorage.getItem('layerlab.work.v1') ?? '').includes('my own work'));
      // A fresh load of the link, as a teacher opening it would do.
      await page.goto('about:blank');
      await open(page, link);
      expect(await page.inputValue(EDITOR) === SHARED, `editor: ${await page.inputValue(EDITOR)}`);
      expect(await page.isChecked('[data-testid="no-cache"]'), 'no-cache restored');
      expect(await page.inputValue('[data-testid="build-args"]') === 'GREETING=hi', 'build args restored');
      const files = await page.locator('.context-card').textContent();
      expect(files.includes('notes/readme.md'), `context files: ${files}`);
      const notice = await page.locator('[data-testid="notice"]').textContent();
      expect(notice.includes('Opened a shared link') && notice.includes('put aside'), `notice: ${notice}`);
      expect(new URL(page.url()).hash === '', `the fragment is cleared: ${page.url()}`);
      expect((await page.evaluate(() => localStorage.getItem('layerlab.work.backup.v1')) ?? '').includes('my own work'),
        'the own work is kept under the backup key');

      await page.click('[data-testid="notice-action"]');
      expect(await page.inputValue(EDITOR) === MINE, 'Restore brings the own work back');

      // The same link pasted into the address bar of the open app (only the fragment changes).
      await page.goto(link);
      await page.waitForFunction((t) => document.querySelector('[data-testid="dockerfile-editor"]').value === t, SHARED);
      expect(new URL(page.url()).hash === '', 'the fragment is cleared after a pasted link');
    },
  },
  {
    name: 'share: a broken or truncated link shows a notice and keeps the saved work',
    async run(page, { appUrl }) {
      await startWith(page, appUrl, SHARED);
      await page.click('[data-testid="share"]');
      const link = await page.inputValue('[data-testid="share-link"]');
      await page.locator(EDITOR).fill(MINE);
      await page.waitForFunction(() => (localStorage.getItem('layerlab.work.v1') ?? '').includes('my own work'));
      const saved = await page.evaluate(() => localStorage.getItem('layerlab.work.v1'));

      const broken = [link.slice(0, -9), `${appUrl}#share=v1.!!not-base64!!`, `${appUrl}#share=v99.AAAA`];
      for (const [i, url] of broken.entries()) {
        // The first is pasted into the open app (a fragment change); the others are fresh loads.
        if (i > 0) await page.goto('about:blank');
        await open(page, url);
        const notice = await page.locator('[data-testid="notice"]').textContent();
        expect(notice.includes('This share link could not be opened'), `notice for ${url}: ${notice}`);
        expect(await page.inputValue(EDITOR) === MINE, 'the saved work is shown');
        await page.click('[data-testid="build"]');
        await page.locator('[data-testid="layer"]').first().waitFor({ timeout: 15000 });
        expect(await page.evaluate(() => localStorage.getItem('layerlab.work.v1')) === saved, 'storage untouched');
      }
    },
  },
];
