// Security: every piece of learner text and simulated output is rendered as text, never as HTML; the
// Content-Security-Policy meta tag is present and blocks inline script. (Share-link validation is in
// share.mjs, and the postMessage origin checks in embed.mjs.)

import { clearStorage } from '../storage.mjs';

const EDITOR = '[data-testid="dockerfile-editor"]';
const PAYLOADS = {
  dockerfile: '<img src=x onerror="window.__pwned=1">',
  label: '<script>window.__pwned=2</script>',
  file: '<b data-x="injected">bold</b>',
  output: '<svg onload="window.__pwned=3"></svg>',
  terminal: '<iframe src="javascript:window.__pwned=4"></iframe>',
};

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

async function injected(page) {
  return page.evaluate(() => ({
    pwned: window.__pwned ?? null,
    elements: document.querySelectorAll('.app img, .app script, .app svg, .app iframe, .app [data-x]').length,
  }));
}

export const tests = [
  {
    name: 'security: learner text and simulated output are rendered as text, never as HTML',
    async run(page, { appUrl }) {
      await clearStorage(page, appUrl);
      await page.goto(appUrl);
      await page.locator(EDITOR).waitFor({ timeout: 15000 });
      const dockerfile = [
        'FROM alpine:3.20',
        `# ${PAYLOADS.dockerfile}`,
        `LABEL note="${PAYLOADS.label.replaceAll('"', '\\"')}"`,
        `COPY . /ctx`,
        `RUN echo '${PAYLOADS.output}'`,
        `CMD ["echo", "${PAYLOADS.output.replaceAll('"', '\\"')}"]`,
        `FORM ${PAYLOADS.dockerfile}`,
        '',
      ].join('\n');
      await page.locator(EDITOR).fill(dockerfile.replace(`FORM ${PAYLOADS.dockerfile}\n`, ''));
      await page.fill('[data-testid="new-file-name"]', PAYLOADS.file);
      await page.click('[data-testid="add-file"]');
      await page.locator('.file-text').fill(PAYLOADS.file);
      await page.selectOption('[data-testid="speed"]', 'instant');
      await page.click('[data-testid="build"]');
      await page.waitForFunction(() => document.querySelector('.banner.ok, .banner.failed'), null, { timeout: 30000 });
      const log = await page.locator('[data-testid="build-log"]').textContent();
      expect(log.includes(PAYLOADS.output), `the RUN output is shown as text: ${log.slice(-400)}`);

      await page.click('[data-testid="tab-image"]');
      const history = await page.locator('[data-testid="history-table"]').textContent();
      expect(history.includes('<svg'), `history shows the text: ${history}`);
      await page.click('[data-testid="tab-terminal"]');
      const input = page.locator('[data-testid="terminal-input"]');
      await input.fill(`echo '${PAYLOADS.terminal}'`);
      await input.press('Enter');
      await input.fill('docker run --rm myapp');
      await input.press('Enter');
      await input.fill('docker inspect -f "{{.Config.Labels}}" myapp');
      await input.press('Enter');
      const terminal = await page.locator('[data-testid="terminal-output"]').textContent();
      for (const text of [PAYLOADS.terminal, PAYLOADS.output, '<script>']) {
        expect(terminal.includes(text), `the terminal shows ${text} as text: ${terminal.slice(-600)}`);
      }
      // A diagnostic quoting the learner's text is text too.
      await page.locator(EDITOR).fill(dockerfile);
      await page.waitForFunction(() => document.getElementById('diagnostics')?.textContent.includes('unknown instruction'));
      const diagnostics = await page.locator('#diagnostics').textContent();
      expect(diagnostics.includes('FORM'), `diagnostics: ${diagnostics}`);

      const found = await injected(page);
      expect(found.pwned === null && found.elements === 0, `markup was interpreted: ${JSON.stringify(found)}`);
    },
  },
  {
    name: 'security: the Content-Security-Policy meta tag is present and blocks inline script',
    async run(page, { appUrl }) {
      await page.goto(appUrl);
      await page.locator(EDITOR).waitFor({ timeout: 15000 });
      const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
      for (const directive of ["default-src 'self'", "script-src 'self' 'sha256-", "'wasm-unsafe-eval'", "object-src 'none'", "base-uri 'self'"]) {
        expect(csp.includes(directive), `the CSP has ${directive}: ${csp}`);
      }
      const result = await page.evaluate(() => new Promise((resolve) => {
        document.addEventListener('securitypolicyviolation', (e) => resolve({ blocked: e.violatedDirective, ran: window.__inline ?? null }), { once: true });
        const script = document.createElement('script');
        script.textContent = 'window.__inline = 1';
        document.body.append(script);
        setTimeout(() => resolve({ blocked: null, ran: window.__inline ?? null }), 2000);
      }));
      expect(result.ran === null && String(result.blocked).startsWith('script-src'), `inline script: ${JSON.stringify(result)}`);
    },
  },
];
