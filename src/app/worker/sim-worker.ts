// The Web Worker entry: the simulation runs here, off the UI thread. Scenarios come from
// assets/scenarios through Vite (the Node-only scenario-files.ts reads them with fs).

import type { FromWorker } from '../protocol';
import { DEFAULT_WORLD, SimSession } from './session';
import { worldFiles } from './world-files';

const scenarioModules = import.meta.glob('../../../assets/scenarios/*.json', { eager: true, import: 'default' });
const scenarios = Object.fromEntries(Object.entries(scenarioModules).map(([path, data]) => [path.replace(/^.*\/(.*)\.json$/, '$1'), data]));

const scope = self as unknown as { postMessage(m: FromWorker, t?: Transferable[]): void; onmessage: ((e: MessageEvent) => void) | null };

const session = new SimSession({
  scenarios,
  files: worldFiles(),
  post: (message, transfer) => scope.postMessage(message, transfer ?? []),
  host: {
    now: () => performance.now(),
    schedule: (cb, ms) => setTimeout(cb, ms),
    cancel: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  },
});

scope.onmessage = (e) => session.handle(e.data);
