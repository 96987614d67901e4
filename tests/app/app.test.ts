// End-to-end: the real renderer in Debian's Chromium (software WebGL), the real worker running the
// real society, driven through the UI like a user. One browser for the whole file to stay fast.

import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateOf, formatDate } from '../../src/engine/clock';
import { professionColor, nightAlpha } from '../../src/app/render/colors';
import { Identity, Wallet } from '../../src/society/components';
import { Names } from '../../src/society/core/agents';
import { createSociety } from '../../src/society/create';
import { parseScenario } from '../../src/society/scenario';
import { openApp, ROOT, type AppSession } from './harness';

type AppWindow = {
  llmSocietyApp: {
    info: { minutesPerTick: number } | null;
    frame: { tick: number; count: number; running: boolean; speed: number; ids: Uint32Array; profession: Uint8Array; pos: Float32Array } | null;
    details: { eid: number; name: string; tick: number } | null;
    framesDrawn: number;
    charts: number;
    metricRows: number;
    screenPositionOf(eid: number): [number, number] | null;
  };
};

let s: AppSession;
/** Poll on a timer, not on animation frames: software WebGL on a busy machine may draw only a few frames a second. */
const POLL = { polling: 100, timeout: 45_000 };
const tick = () => s.page.evaluate(() => (window as unknown as AppWindow).llmSocietyApp.frame!.tick);
const count = () => s.page.evaluate(() => (window as unknown as AppWindow).llmSocietyApp.frame!.count);
const running = () => s.page.evaluate(() => (window as unknown as AppWindow).llmSocietyApp.frame!.running);

/**
 * Click a control. Software WebGL on a loaded 2-core machine may draw only a frame or two per
 * second, and Playwright's "stable" check waits for animation frames, so skip the checks (the
 * click is still a real mouse event at the element's position).
 */
async function click(selector: string): Promise<void> {
  await s.page.locator(selector).click({ force: true });
}

/** Ticks the app reports over `ms` of wall time, both readings taken inside the page. */
async function ticksIn(ms: number): Promise<number> {
  return s.page.evaluate(
    (wait) =>
      new Promise<number>((resolve) => {
        const app = (window as unknown as AppWindow).llmSocietyApp;
        const t0 = app.frame!.tick;
        setTimeout(() => resolve(app.frame!.tick - t0), wait);
      }),
    ms,
  );
}

async function pause(): Promise<void> {
  if (await running()) await click('#btn-play');
  await s.page.waitForFunction(() => (window as unknown as AppWindow).llmSocietyApp.frame?.running === false, undefined, POLL);
}

async function play(): Promise<void> {
  if (!(await running())) await click('#btn-play');
  await s.page.waitForFunction(() => (window as unknown as AppWindow).llmSocietyApp.frame?.running, undefined, POLL);
}

async function setSpeed(speed: number): Promise<void> {
  await s.page.selectOption('#speed', String(speed), { force: true });
  await s.page.waitForFunction((sp) => (window as unknown as AppWindow).llmSocietyApp.frame?.speed === sp, speed, POLL);
}

/** RGB of one canvas pixel (CSS pixel coordinates inside the map canvas). */
async function pixel(x: number, y: number): Promise<[number, number, number]> {
  return s.page.evaluate(
    ([px, py]) => {
      const src = document.querySelector('#canvas-host canvas') as HTMLCanvasElement;
      const k = src.width / src.clientWidth;
      const c = document.createElement('canvas');
      c.width = c.height = 1;
      const g = c.getContext('2d')!;
      g.drawImage(src, Math.round(px * k), Math.round(py * k), 1, 1, 0, 0, 1, 1);
      const d = g.getImageData(0, 0, 1, 1).data;
      return [d[0], d[1], d[2]] as [number, number, number];
    },
    [x, y],
  );
}

beforeAll(async () => {
  s = await openApp('?agents=200&fps=10', { width: 1280, height: 720 });
}, 90_000);

afterAll(async () => {
  await s?.close();
});

// Each step normally takes a few seconds; the limit allows for a CI machine busy with other suites.
describe('the app in Chromium', { timeout: 120_000 }, () => {
  it('loads the default world (village, 200 agents, paused at tick 0) and draws the agents on the canvas', async () => {
    expect(await tick()).toBe(0);
    expect(await count()).toBe(200);
    expect(await s.page.textContent('#date')).toBe(formatDate(dateOf(0, 30)));
    // Zoom in so each agent covers several pixels, then check the pixel at the centre of agents drawn
    // on top (several share a house) has their profession colour under the night tint of 00:00.
    for (let i = 0; i < 3; i++) await click('#btn-zoom-in');
    await s.page.waitForTimeout(300);
    const agents = await s.page.evaluate(() => {
      const app = (window as unknown as AppWindow).llmSocietyApp;
      const f = app.frame!;
      const last = new Map<string, number>();
      for (let i = 0; i < f.count; i++) last.set(`${f.pos[2 * i]},${f.pos[2 * i + 1]}`, i);
      return [...last.values()].map((i) => ({ profession: f.profession[i], at: app.screenPositionOf(f.ids[i]) }));
    });
    const box = (await s.page.locator('#canvas-host canvas').boundingBox())!;
    const visible = agents.filter((a) => a.at && a.at[0] > 20 && a.at[1] > 20 && a.at[0] < box.width - 200 && a.at[1] < box.height - 200);
    expect(visible.length).toBeGreaterThan(5);
    const a = nightAlpha(0);
    const night = [0x0a, 0x14, 0x36];
    let matches = 0;
    for (const agent of visible.slice(0, 12)) {
      const c = professionColor(agent.profession);
      const expected = [(c >> 16) & 255, (c >> 8) & 255, c & 255].map((v, i) => v * (1 - a) + night[i] * a);
      const got = await pixel(agent.at![0], agent.at![1]);
      if (got.every((v, i) => Math.abs(v - expected[i]) < 40)) matches++;
    }
    expect(matches).toBeGreaterThanOrEqual(Math.min(12, visible.length) * 0.75);
    await click('#btn-fit');
  });

  it('steps one tick at a time, plays at the chosen speed, and pauses', async () => {
    const t0 = await tick();
    await click('#btn-step');
    await s.page.waitForFunction((t) => (window as unknown as AppWindow).llmSocietyApp.frame!.tick === t + 1, t0, POLL);
    expect(await s.page.textContent('#date')).toBe(formatDate(dateOf(t0 + 1, 30)));
    await s.page.waitForTimeout(400);
    expect(await tick()).toBe(t0 + 1); // paused: stepping does not start the clock

    await setSpeed(1);
    await play();
    const atOne = await ticksIn(3000);
    await pause();
    // 8 ticks per second at 1x: 24 in 3 s. Never more than that (plus a frame of slack); fewer only
    // when the machine is too busy to keep up (a shared 2-core CI machine under load reached ~45%).
    expect(atOne).toBeGreaterThanOrEqual(7);
    expect(atOne).toBeLessThanOrEqual(30);
    const stopped = await tick();
    await s.page.waitForTimeout(500);
    expect(await tick()).toBe(stopped);

    await setSpeed(8);
    await play();
    const atEight = await ticksIn(3000);
    await pause();
    expect(atEight).toBeGreaterThan(atOne * 3);
    expect(await s.page.textContent('#date')).toBe(formatDate(dateOf(await tick(), 30)));
  });

  it('opens the inspector with the clicked agent’s real data', async () => {
    await pause();
    for (let i = 0; i < 2; i++) await click('#btn-zoom-in');
    await s.page.waitForTimeout(400);
    const target = await s.page.evaluate(() => {
      const app = (window as unknown as AppWindow).llmSocietyApp;
      const f = app.frame!;
      const host = document.querySelector('#canvas-host canvas')!.getBoundingClientRect();
      // An agent alone on screen (no other within 12 px), inside the view.
      const pts = Array.from(f.ids, (id) => ({ id, at: app.screenPositionOf(id) }));
      for (const p of pts) {
        if (!p.at || p.at[0] < 30 || p.at[1] < 30 || p.at[0] > host.width - 220 || p.at[1] > host.height - 220) continue;
        if (pts.every((q) => q === p || !q.at || Math.hypot(q.at[0] - p.at![0], q.at[1] - p.at![1]) > 12)) return { eid: p.id, x: host.left + p.at[0], y: host.top + p.at[1], tick: f.tick };
      }
      return null;
    });
    expect(target).not.toBeNull();
    await s.page.mouse.click(target!.x, target!.y);
    await s.page.waitForFunction((eid) => (window as unknown as AppWindow).llmSocietyApp.details?.eid === eid, target!.eid, POLL);
    // The same world rebuilt here (same scenario file, same seed, same ticks) says who that is.
    const scenario = parseScenario(JSON.parse(readFileSync(join(ROOT, 'assets/scenarios/village.json'), 'utf8')));
    const world = createSociety(scenario, { agents: 200, seed: 42 });
    world.run(target!.tick);
    const name = world.resource(Names).get(target!.eid)!.name;
    expect(await s.page.textContent('#inspector-name')).toBe(name);
    const cash = world.store(Wallet).cash[target!.eid];
    const shownCash = await s.page.locator('#inspector-wallet tr', { hasText: 'cash' }).locator('td').nth(1).textContent();
    expect(shownCash).toBe(`$${Math.floor(cash / 100).toLocaleString('en-US')}.${String(cash % 100).padStart(2, '0')}`);
    const professions = ['artist', 'scientist', 'trader', 'builder', 'explorer', 'teacher', 'inventor', 'farmer', 'craftsperson', 'storyteller', 'leader'];
    expect(await s.page.textContent('#inspector .subtitle')).toContain(professions[world.store(Identity).profession[target!.eid]]);
    // Every registered component is listed.
    expect(await s.page.textContent('details.components summary')).toBe(`All components (${world.components.all().length})`);
    await click('#btn-fit');
  });

  it('charts the metrics and keeps them updating', async () => {
    await setSpeed(64);
    await play();
    await s.page.waitForFunction(() => (window as unknown as AppWindow).llmSocietyApp.metricRows >= 2, undefined, POLL);
    const charts = await s.page.locator('#charts .chart').count();
    expect(charts).toBeGreaterThanOrEqual(2);
    expect(await s.page.textContent('#charts')).toContain('population');
    const image = () => s.page.evaluate(() => (document.querySelector('#charts .chart canvas') as HTMLCanvasElement).toDataURL());
    const rows = await s.page.evaluate(() => (window as unknown as AppWindow).llmSocietyApp.metricRows);
    const before = await image();
    await s.page.waitForFunction((r) => (window as unknown as AppWindow).llmSocietyApp.metricRows >= r + 2, rows, POLL);
    await s.page.waitForTimeout(100);
    expect(await image()).not.toBe(before);
    await pause();
  });

  it('saves through a download and loads it back: same tick and population', async () => {
    await pause();
    const savedTick = await tick();
    const savedCount = await count();
    const [download] = await Promise.all([s.page.waitForEvent('download'), click('#btn-save')]);
    const path = join(mkdtempSync(join(tmpdir(), 'llms-save-')), download.suggestedFilename());
    await download.saveAs(path);
    expect(download.suggestedFilename()).toMatch(/\.society$/);
    await setSpeed(16);
    await play();
    await s.page.waitForFunction((t) => (window as unknown as AppWindow).llmSocietyApp.frame!.tick > t + 20, savedTick, POLL);
    await pause();
    const [chooser] = await Promise.all([s.page.waitForEvent('filechooser'), click('#btn-open')]);
    await chooser.setFiles(path);
    await s.page.waitForFunction((t) => (window as unknown as AppWindow).llmSocietyApp.frame?.tick === t, savedTick, POLL);
    expect(await count()).toBe(savedCount);
    expect(await s.page.textContent('#date')).toBe(formatDate(dateOf(savedTick, 30)));
  });

  it('shows a clear error for a corrupt file and keeps the world running', async () => {
    await setSpeed(4);
    await play();
    const [chooser] = await Promise.all([s.page.waitForEvent('filechooser'), click('#btn-open')]);
    await chooser.setFiles({ name: 'broken.society', mimeType: 'application/octet-stream', buffer: Buffer.from('this is not a world file at all, just some text') });
    await s.page.waitForSelector('#dlg-error[open]');
    expect(await s.page.textContent('#error-title')).toContain('broken.society');
    expect((await s.page.textContent('#error-message'))!.length).toBeGreaterThan(10);
    const t = await tick();
    await s.page.waitForFunction((t0) => (window as unknown as AppWindow).llmSocietyApp.frame!.tick > t0 + 3, t, POLL);
    expect(await running()).toBe(true);
    await click('#error-ok');
    await pause();
    expect(s.errors).toEqual([]);
  });
});
