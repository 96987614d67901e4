// A screenshot of the running app from the real renderer (Chromium, software WebGL): the default
// village in daylight after a few simulated days, one agent selected, the dashboard filled.
// Usage: npx tsx scripts/screenshot.ts [out.png]   (default docs/screenshot.png)

import { join } from 'node:path';
import { openApp, ROOT } from '../tests/app/harness';

const out = process.argv[2] ?? join(ROOT, 'docs/screenshot.png');
const s = await openApp('?agents=200', { width: 1440, height: 900 });
const page = s.page;
type Hook = { frame: { tick: number; running: boolean; ids: Uint32Array }; show(eid: number): void; details: unknown };
const poll = { polling: 100, timeout: 120_000 };
try {
  await page.selectOption('#speed', '64', { force: true });
  await page.locator('#btn-play').click({ force: true });
  // Three simulated days (48 ticks a day in the village), then stop in the late morning.
  await page.waitForFunction(() => (window as unknown as { llmSocietyApp: Hook }).llmSocietyApp.frame.tick >= 48 * 3 + 10, undefined, poll);
  await page.locator('#btn-play').click({ force: true });
  await page.waitForFunction(() => !(window as unknown as { llmSocietyApp: Hook }).llmSocietyApp.frame.running, undefined, poll);
  while ((await page.evaluate(() => (window as unknown as { llmSocietyApp: Hook }).llmSocietyApp.frame.tick)) % 48 !== 22) {
    const t = await page.evaluate(() => (window as unknown as { llmSocietyApp: Hook }).llmSocietyApp.frame.tick);
    await page.locator('#btn-step').click({ force: true });
    await page.waitForFunction((t0) => (window as unknown as { llmSocietyApp: Hook }).llmSocietyApp.frame.tick > t0, t, poll);
  }
  await page.evaluate(() => {
    const a = (window as unknown as { llmSocietyApp: Hook }).llmSocietyApp;
    a.show(a.frame.ids[Math.floor(a.frame.ids.length / 3)]);
  });
  await page.waitForFunction(() => !!(window as unknown as { llmSocietyApp: Hook }).llmSocietyApp.details, undefined, poll);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: out, timeout: 120_000 });
  console.log(`wrote ${out}`);
  if (s.errors.length) console.log(`console errors: ${s.errors.join(' | ')}`);
} finally {
  await s.close();
}
