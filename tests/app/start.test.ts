// npm start on a machine without the Electron binary (this one: npm dropped the optional package's
// download): one line says so and how to fix it, then the built web version is served.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './harness';

describe('npm start', () => {
  it('builds, says in one line that Electron is missing, and serves the web version at the printed URL', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts/start-app.mjs')], { cwd: ROOT, env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed in time; output so far:\n${out}`)), 170_000);
        const check = () => {
          const m = /LLM Society \(web\): (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        };
        child.stdout.on('data', check);
        child.on('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${out}`)));
      });
      const electronLines = out.split('\n').filter((l) => /electron/i.test(l));
      expect(electronLines).toEqual(['Electron is not installed (its download failed): run `npm install electron` with internet access; serving the web version instead.']);
      const html = await (await fetch(url)).text();
      expect(html).toContain('<title>LLM Society</title>');
      expect(html).toMatch(/<script type="module"[^>]*src="\.\/assets\/index-[^"]+\.js"/);
    } finally {
      child.kill();
    }
  }, 180_000);
});
