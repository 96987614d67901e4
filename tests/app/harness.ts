// Shared by the end-to-end tests, the screenshot script and the renderer benchmark: a Vite dev
// server on 127.0.0.1 with a random port, and Debian's Chromium through playwright-core with
// software WebGL (SwiftShader), as ../shared/ENVIRONMENT.md describes.

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface AppSession {
  server: ViteDevServer;
  url: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Console errors and page errors seen so far. */
  errors: string[];
  close(): Promise<void>;
}

export async function startServer(): Promise<{ server: ViteDevServer; url: string }> {
  const server = await createServer({
    root: ROOT,
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'error',
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
    // The dependency pre-bundler would otherwise scan and reload mid-test on first run.
    optimizeDeps: { include: ['pixi.js', 'uplot', 'zod'] },
  });
  await server.listen();
  const address = server.httpServer!.address();
  if (!address || typeof address === 'string') throw new Error('the Vite server has no TCP address');
  return { server, url: `http://127.0.0.1:${address.port}/` };
}

export async function launchChromium(): Promise<{ browser: Browser; cleanup: () => void }> {
  // Chromium refuses to start as root without a private runtime folder.
  const runtime = mkdtempSync(join(tmpdir(), 'xdg-'));
  mkdirSync(runtime, { recursive: true, mode: 0o700 });
  process.env.XDG_RUNTIME_DIR = runtime;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--ignore-gpu-blocklist',
    ],
  });
  return { browser, cleanup: () => rmSync(runtime, { recursive: true, force: true }) };
}

/** Open the app at `query` (e.g. "?agents=200") and wait until the first world is drawn. */
export async function openApp(query = '', viewport = { width: 1440, height: 900 }): Promise<AppSession> {
  const { server, url } = await startServer();
  const { browser, cleanup } = await launchChromium();
  const context = await browser.newContext({ viewport, acceptDownloads: true, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url + query);
  try {
    await page.waitForFunction(() => {
      const app = (window as unknown as { llmSocietyApp?: { frame: unknown; framesDrawn: number } }).llmSocietyApp;
      return !!app?.frame && app.framesDrawn > 2;
    }, undefined, { timeout: 60_000, polling: 100 });
  } catch (err) {
    await browser.close();
    await server.close();
    throw new Error(`the app did not draw its first world: ${(err as Error).message}; page errors: ${errors.join(' | ') || 'none'}`);
  }
  return {
    server,
    url,
    browser,
    context,
    page,
    errors,
    async close() {
      await browser.close();
      await server.close();
      cleanup();
    },
  };
}
