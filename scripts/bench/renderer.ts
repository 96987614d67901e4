// Renderer benchmark: frames per second of the real renderer in Chromium (software WebGL via
// SwiftShader here; a real GPU elsewhere) with 2,500 and 10,000 agents walking, and the worker's
// ticks per second at 64x while the UI draws. The town scenario (500 x 500): the prototype's benchmark map.
// Usage: npx tsx scripts/bench/renderer.ts [seconds per measurement, default 10]

import { cpus, loadavg } from 'node:os';
import { openApp } from '../../tests/app/harness';

const seconds = Number(process.argv[2] ?? 10);
type Hook = { frame: { tick: number; running: boolean; count: number }; framesDrawn: number };

async function measure(agents: number): Promise<void> {
  const s = await openApp(`?scenario=town&agents=${agents}`, { width: 1440, height: 900 });
  const page = s.page;
  const poll = { polling: 100, timeout: 120_000 };
  try {
    const renderer = await page.evaluate(() => {
      const gl = document.createElement('canvas').getContext('webgl2');
      const ext = gl?.getExtension('WEBGL_debug_renderer_info');
      return gl ? String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER)) : 'no WebGL2';
    });
    const sample = () => page.evaluate(() => {
      const a = (window as unknown as { llmSocietyApp: Hook }).llmSocietyApp;
      return { frames: a.framesDrawn, tick: a.frame.tick, t: performance.now() };
    });
    // Frames per second with everyone walking at 1x (positions interpolated every frame).
    await page.locator('#btn-play').click({ force: true });
    await page.waitForFunction(() => (window as unknown as { llmSocietyApp: Hook }).llmSocietyApp.frame.running, undefined, poll);
    await page.waitForTimeout(2000);
    let a = await sample();
    await page.waitForTimeout(seconds * 1000);
    let b = await sample();
    const fps = ((b.frames - a.frames) * 1000) / (b.t - a.t);
    // The worker flat out (64x) while the UI keeps drawing.
    await page.selectOption('#speed', '64', { force: true });
    await page.waitForTimeout(2000);
    a = await sample();
    await page.waitForTimeout(seconds * 1000);
    b = await sample();
    const tps = ((b.tick - a.tick) * 1000) / (b.t - a.t);
    const fpsFast = ((b.frames - a.frames) * 1000) / (b.t - a.t);
    console.log(
      `${agents.toLocaleString('en-US')} agents: ${fps.toFixed(1)} frames/s at 1x; at 64x the worker runs ${tps.toFixed(1)} ticks/s while the UI draws ${fpsFast.toFixed(1)} frames/s (${renderer})`,
    );
    if (s.errors.length) console.log(`  console errors: ${s.errors.slice(0, 3).join(' | ')}`);
  } finally {
    await s.close();
  }
}

console.log(`Chromium ${'(headless, --use-angle=swiftshader)'}, viewport 1440x900, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average ${loadavg()[0].toFixed(1)}`);
for (const n of [2500, 10000]) await measure(n);
