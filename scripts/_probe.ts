import { chromium } from '@playwright/test';
import { testBrowserPath } from './chromium.js';
const browser = await chromium.launch({ executablePath: testBrowserPath(), args: ['--no-sandbox','--disable-gpu'] });
for (const id of ['first-encrypted-chat', 'verify-group', 'qr-code', 'first-encrypted-chat']) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(`http://localhost:4192/lessons/${id}`);
  await page.waitForFunction(() => performance.getEntriesByName('world-ready').length > 0, undefined, { timeout: 60000 });
  const r = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const w = performance.getEntriesByName('world-wasm-loaded')[0] as PerformanceMark;
    const res = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter(r => /worker/.test(r.name)).map(r => [Math.round(r.startTime), Math.round(r.responseEnd)]);
    return { dcl: Math.round(nav.domContentLoadedEventEnd), boot: Math.round(performance.getEntriesByName('world-boot')[0]?.startTime), workerFetch: res[0], wasmMarkAt: Math.round(w.startTime), wasmInit: Math.round(w.detail), ready: Math.round(performance.getEntriesByName('world-ready')[0]!.startTime) };
  });
  console.log(id.padEnd(22), JSON.stringify(r));
  await ctx.close();
}
await browser.close();
