// Vite serves and builds the renderer (index.html -> src/app/main.ts) and its simulation worker.
import { defineConfig } from 'vite';

export default defineConfig({
  root: '.',
  publicDir: false,
  // Relative asset paths, so the built app loads from Electron's app:// protocol as well as from a web server.
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    // Rolldown's plugin-timing report is noise for users running npm start.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
