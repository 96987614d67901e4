// npm start: the desktop app when it exists; until then, the default headless simulation.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const appEntry = join(root, 'scripts', 'start-app.mjs');
if (existsSync(appEntry)) {
  await import(appEntry);
} else {
  console.log('The desktop app is not built yet: running the default headless simulation (village, 1 simulated month).');
  const r = spawnSync(process.execPath, [join(root, 'bin', 'llm-society.mjs'), 'run', '--scenario', 'village', '--ticks', '1440'], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
