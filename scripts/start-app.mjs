// npm start: build the app, then launch Electron with the default world. Where the Electron
// binary is missing (npm drops the optional electron package when its download fails), say so
// in one line and serve the web version instead.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { preview } from 'vite';
import { buildApp } from './build-app.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The Electron binary's path, or null when the package or its binary is absent. */
function electronBinary() {
  try {
    const path = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

console.log('Building the app…');
await buildApp({ quiet: true });
const electron = electronBinary();
if (electron && !process.env.LLM_SOCIETY_WEB) {
  const child = spawn(electron, [join(root, 'dist/main/electron-main.cjs')], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!electron) console.log('Electron is not installed (its download failed): run `npm install electron` with internet access; serving the web version instead.');
  const server = await preview({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn', preview: { host: '127.0.0.1', port: Number(process.env.PORT ?? 4173), open: false } });
  console.log(`LLM Society (web): ${server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:4173/'}`);
}
