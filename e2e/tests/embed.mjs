// Embed mode: the example documentation page (docs/embed-example.html, served from another origin
// than the app) embeds two widgets. The host's CSS and scripts must not break the widgets, the widgets
// must not break the host, and the postMessage events must arrive, sized and origin-checked.

const hostUrl = process.env.HOST_URL ?? 'http://127.0.0.1:8091/';
const hostOrigin = new URL(hostUrl).origin;
// The same page under another name is another origin: used to check that the widget ignores it.
const otherHost = hostUrl.replace('127.0.0.1', 'localhost');
const otherOrigin = new URL(otherHost).origin;

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

async function examplePage(page, appUrl) {
  await page.setViewportSize({ width: 1000, height: 900 });
  await page.goto(`${hostUrl}embed-example.html?app=${encodeURIComponent(appUrl)}`);
  const frames = {};
  for (const id of ['widget-build', 'widget-run']) {
    await page.locator(`#${id}`).scrollIntoViewIfNeeded();
    const frame = page.frameLocator(`#${id}`);
    await frame.locator('[data-testid="embed-root"]').waitFor({ timeout: 20000 });
    frames[id] = frame;
  }
  return frames;
}

async function hostEvents(page) {
  return page.locator('#host-events').textContent();
}

// Waits until the host page has logged a message starting with `text`; on timeout, says what it heard.
async function hostHears(page, text) {
  try {
    await page.waitForFunction((t) => document.getElementById('host-events').textContent.includes(t), text, { timeout: 90000 });
  } catch {
    throw new Error(`the host never heard ${text}; it heard: ${await hostEvents(page)}`);
  }
}

export const tests = [
  {
    name: 'embed: two widgets work on a hostile documentation page from another origin',
    allowOrigins: [hostOrigin],
    async run(page, { appUrl }) {
      const { 'widget-build': build, 'widget-run': run } = await examplePage(page, appUrl);
      // The host's `button { display: none !important }` does not reach into the widget.
      expect(await build.locator('[data-testid="build"]').isVisible(), 'the widget Build button is visible');
      const editorFont = await build.locator('[data-testid="dockerfile-editor"]').evaluate((e) => getComputedStyle(e).fontSize);
      expect(editorFont === '13px', `the widget keeps its own styles (font ${editorFont})`);
      expect(await build.locator('[data-testid="embed-root"]').getAttribute('data-view') === 'build', 'build view');
      expect(await run.locator('[data-testid="embed-root"]').getAttribute('data-view') === 'run', 'run view');
      await run.locator('[data-testid="run-args"]').waitFor();

      // Autoplay builds the first widget; the host hears about it and sizes the frame.
      await hostHears(page, 'widget-build {"type":"layerlab:build-finished"');
      const events = await hostEvents(page);
      expect(events.includes('"outcome":"succeeded"') && events.includes('"image":"sha256:'), `events: ${events}`);
      await page.waitForFunction(() => document.getElementById('widget-build').dataset.reportedHeight, null, { timeout: 10000 });
      const reported = Number(await page.locator('#widget-build').getAttribute('data-reported-height'));
      const frameHeight = await page.locator('#widget-build').evaluate((f) => f.getBoundingClientRect().height);
      expect(reported > 200 && Math.abs(frameHeight - Math.min(reported, 4000) - 2) <= 2, `height ${reported} vs frame ${frameHeight}`);
      const layers = await build.locator('[data-testid="layer"]').count();
      expect(layers >= 2, `layers in the widget: ${layers}`);

      // The host still works: its styles, its script, its globals.
      const h1 = await page.locator('h1').evaluate((e) => getComputedStyle(e).color);
      expect(h1 === 'rgb(10, 80, 160)', `host heading colour ${h1}`);
      await page.click('#host-counter');
      expect((await page.locator('#host-counter').textContent()).endsWith(': 1'), 'host counter');
      expect(await page.evaluate(() => window.Layerlab === 'host' && [].layerlab === 'host'), 'host globals intact');
      // The widget never wrote the learner's storage (its origin's localStorage).
      const stored = await build.locator('[data-testid="embed-root"]').evaluate(() => localStorage.getItem('layerlab.work.v1'));
      expect(stored === null, `embed wrote storage: ${stored}`);
    },
  },
  {
    name: 'embed: postMessage events (lesson solved, build on request) and origin checks',
    allowOrigins: [hostOrigin, otherOrigin],
    async run(page, { appUrl }) {
      const { 'widget-run': run } = await examplePage(page, appUrl);
      // An embedded lesson offers no "Back to my work": the widget has no work of the learner's.
      await run.locator('[data-testid="lesson-card"]').waitFor();
      expect(await run.locator('[data-testid="leave-lesson"]').count() === 0, 'no Back to my work in a widget');
      // Solving the lesson in the second widget posts layerlab:lesson-solved.
      await run.locator('[data-testid="show-solution"]').click();
      await run.locator('[data-testid="dockerfile-editor"]').evaluate((e) => new Promise((resolve) => {
        const check = () => (e.value.includes('ENTRYPOINT ["sleep"]') ? resolve() : setTimeout(check, 50));
        check();
      }));
      await run.locator('[data-testid="check-goal"]').click();
      await run.locator('[data-testid="goal-result"][data-passed="true"]').waitFor({ timeout: 60000 });
      await hostHears(page, 'widget-run {"type":"layerlab:lesson-solved","lesson":"cmd-vs-entrypoint"}');

      // The host may ask for a build; the widget answers with build-finished.
      const appOrigin = new URL(appUrl).origin;
      await page.evaluate((origin) => document.getElementById('widget-run').contentWindow.postMessage({ type: 'layerlab:build' }, origin), appOrigin);
      await hostHears(page, 'widget-run {"type":"layerlab:build-finished"');

      // A page at another origin that claims our host's origin is ignored, and hears nothing.
      await page.goto(`${otherHost}embed-example.html?app=${encodeURIComponent(appUrl)}`);
      await page.evaluate(({ appUrl, hostOrigin }) => {
        for (const frame of document.querySelectorAll('iframe')) frame.remove();
        const frame = document.createElement('iframe');
        frame.id = 'claimed';
        frame.src = `${appUrl}?embed&view=build&origin=${encodeURIComponent(hostOrigin)}`;
        document.body.prepend(frame);
      }, { appUrl, hostOrigin });
      const claimed = page.frameLocator('#claimed');
      await claimed.locator('[data-testid="embed-root"]').waitFor({ timeout: 20000 });
      await page.evaluate((origin) => document.getElementById('claimed').contentWindow.postMessage({ type: 'layerlab:build' }, origin), appOrigin);
      await page.waitForTimeout(1500);
      expect(await claimed.locator('[data-testid="layer"]').count() === 0, 'a message from the wrong origin started a build');
      await claimed.locator('[data-testid="build"]').click();
      await claimed.locator('[data-testid="layer"]').first().waitFor({ timeout: 15000 });
      await page.waitForTimeout(1500);
      expect((await hostEvents(page)) === '', 'messages went to an origin that was not the stated one');
    },
  },
];
