// Build the desktop app: the renderer (and its worker) with Vite into dist/, then the Electron
// main process and the preload, each bundled into one CommonJS file in dist/main/ (a sandboxed
// preload cannot load modules, and bundling keeps the packaged app free of source files).
import { build } from 'vite';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildApp({ quiet = false } = {}) {
  const logLevel = quiet ? 'warn' : 'info';
  await build({ root, configFile: join(root, 'vite.config.ts'), logLevel });
  for (const [entry, name] of [
    ['src/main/electron-main.ts', 'electron-main'],
    ['src/main/preload.ts', 'preload'],
  ]) {
    await build({
      root,
      configFile: false,
      logLevel: 'warn',
      ssr: { noExternal: true, external: ['electron'] },
      build: {
        ssr: join(root, entry),
        outDir: join(root, 'dist/main'),
        emptyOutDir: false,
        target: 'node20',
        minify: false,
        rollupOptions: { external: ['electron'], output: { format: 'cjs', entryFileNames: `${name}.cjs` } },
      },
    });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildApp();
