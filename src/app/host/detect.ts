// Electron's preload puts a bridge on window; a plain browser tab has none.

import type { Bridge } from '../../main/ipc-contract';
import { ElectronHost } from './electron-host';
import type { AppHost } from './host';
import { WebHost } from './web-host';

export function detectHost(): AppHost {
  const bridge = (window as unknown as { llmSocietyBridge?: Bridge }).llmSocietyBridge;
  return bridge ? new ElectronHost(bridge) : new WebHost();
}
