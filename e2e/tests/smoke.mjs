// The first vertical slice: the app loads, is titled Layerlab, shows the sample Dockerfile, and talks to
// no origin but its own.
export const tests = [
  {
    name: 'app renders with a sample Dockerfile',
    async run(page, { appUrl }) {
      await page.goto(appUrl);
      await page.locator('[data-testid="dockerfile-editor"]').waitFor({ timeout: 15000 });
      const title = await page.title();
      if (title !== 'Layerlab') throw new Error(`title is ${JSON.stringify(title)}`);
      const text = await page.locator('[data-testid="dockerfile-editor"]').inputValue();
      if (!text.startsWith('FROM ')) throw new Error(`editor holds ${JSON.stringify(text.slice(0, 40))}`);
    },
  },
];
