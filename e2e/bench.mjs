// Budgets, measured (not asserted): first render, time per build step on a 60-step Dockerfile, the
// longest main-thread task while a large build plays at full speed, and the gzipped transfer size of
// dist/ (wasm + js + css). Run after `trunk build --release`: `node e2e/bench.mjs`.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const BUDGET = { firstRenderMs: 400, stepMs: 4, gzipKb: 350 };
const port = process.env.BENCH_PORT ?? '8097';
const server = spawn('python3', ['-m', 'http.server', port, '--bind', '127.0.0.1', '--directory', dist], { stdio: 'ignore' });
const url = `http://127.0.0.1:${port}/`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  for (let i = 0; i < 50; i++) {
    try { await fetch(url); break; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-gpu'] });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();

  // First render: navigation start to the app's own mark after its first render (median of 5 loads).
  const renders = [];
  for (let i = 0; i < 5; i++) {
    await page.goto(url);
    await page.evaluate(() => localStorage.clear());
    await page.waitForFunction(() => performance.getEntriesByName('layerlab-first-render').length > 0);
    renders.push(await page.evaluate(() => performance.getEntriesByName('layerlab-first-render')[0].startTime));
  }

  // Per step: press Step through a 60-step build; each press runs the reducer, renders and lays out
  // (measured from the click to a forced layout after Yew's render).
  const dockerfile = 'FROM alpine:3.20\n' + Array.from({ length: 59 }, (_, i) => `RUN echo step ${i + 2}\n`).join('');
  await page.reload();
  if (process.env.BENCH_CSS) await page.addStyleTag({ content: process.env.BENCH_CSS });
  await page.locator('[data-testid="dockerfile-editor"]').fill(dockerfile);
  const steps = await page.evaluate(async () => {
    const button = document.querySelector('[data-testid="step"]');
    const macrotask = () => new Promise((r) => setTimeout(r, 0));
    const log = document.querySelector('[data-testid="build-log"]');
    const times = [];
    const layout = [];
    let stale = 0;
    for (let i = 0; i < 200; i++) {
      const before = log.textContent.length;
      const t0 = performance.now();
      button.click();
      // Yew renders from a microtask queued by the click; awaiting one more lets it finish.
      await Promise.resolve();
      const t1 = performance.now();
      void document.body.offsetHeight;
      times.push(performance.now() - t0);
      layout.push(performance.now() - t1);
      if (log.textContent.length === before) stale++;
      await macrotask();
      if (document.querySelector('.banner.ok, .banner.failed')) break;
    }
    return { times, layout, stale };
  });
  const layers = await page.locator('[data-testid="layer"]').count();
  if (steps.stale > 1) console.log(`warning: ${steps.stale} Step presses had not rendered when measured`);

  // Play the same build at full speed (64 events per frame at most) and watch for long tasks.
  await page.selectOption('[data-testid="speed"]', 'instant');
  const play = await page.evaluate(async () => {
    const long = [];
    const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => long.push(e.duration)));
    observer.observe({ type: 'longtask', buffered: false });
    const t0 = performance.now();
    document.querySelector('[data-testid="build"]').click();
    await new Promise((resolve) => {
      const check = () => (document.querySelector('.banner.ok, .banner.failed') ? resolve() : requestAnimationFrame(check));
      requestAnimationFrame(check);
    });
    observer.disconnect();
    return { ms: performance.now() - t0, longest: Math.max(0, ...long), longTasks: long.length };
  });
  await browser.close();

  const files = readdirSync(dist).filter((f) => /\.(wasm|js|css)$/.test(f));
  const sizes = files.map((f) => {
    const raw = readFileSync(join(dist, f));
    return { f, raw: raw.length, gz: gzipSync(raw, { level: 9 }).length };
  });
  const gzTotal = sizes.reduce((a, s) => a + s.gz, 0) / 1024;
  const stepMs = median(steps.times);
  const row = (name, value, budget, unit) => console.log(`${name.padEnd(34)} ${value.toFixed(1).padStart(8)} ${unit.padEnd(3)} budget ${budget} ${unit}  ratio ${(value / budget).toFixed(2)}x of budget  ${value <= budget ? 'ok' : 'OVER'}`);
  row('first render (median of 5)', median(renders), BUDGET.firstRenderMs, 'ms');
  row(`Step press (median of ${steps.times.length})`, stepMs, BUDGET.stepMs, 'ms');
  console.log(`${'  of which style and layout'.padEnd(34)} ${median(steps.layout).toFixed(1).padStart(8)} ms`);
  console.log(`${'  slowest Step press'.padEnd(34)} ${Math.max(...steps.times).toFixed(1).padStart(8)} ms   (${layers} layer blocks)`);
  row('build step, playing at Instant', play.ms / 60, BUDGET.stepMs, 'ms');
  console.log(`${'  60-step build at Instant'.padEnd(34)} ${play.ms.toFixed(0).padStart(8)} ms   longest task ${play.longest.toFixed(0)} ms, ${play.longTasks} long tasks`);
  row('transfer size, gzip -9', gzTotal, BUDGET.gzipKb, 'KB');
  for (const s of sizes) console.log(`  ${s.f.padEnd(40)} ${String(s.raw).padStart(9)} B raw ${String(s.gz).padStart(8)} B gz`);
} finally {
  server.kill();
}
