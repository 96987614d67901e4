// The world file from the persistence layer (src/persistence/world-file.ts: no Node APIs, so it
// runs in the worker as it is). The web host downloads the bytes; Electron writes them to disk.

import { encodeWorld, loadWorld } from '../../persistence/world-file';
import type { WorldFiles } from './session';

export function worldFiles(): WorldFiles {
  return { save: (world) => encodeWorld(world), load: (bytes) => loadWorld(bytes) };
}
