// The preload: the renderer's only way to the main process. It exposes one object with the
// calls of ipc-contract.ts (checked by channel name here, validated again in the main process)
// and the menu commands (validated before they reach the page). Bundled to CommonJS, as a
// sandboxed preload must be.

import { contextBridge, ipcRenderer } from 'electron';
import { isChannel, MENU_CHANNEL, MenuMessage, type Bridge } from './ipc-contract';

const bridge: Bridge = {
  invoke(channel, request) {
    if (!isChannel(channel)) return Promise.reject(new Error(`unknown IPC channel "${String(channel).slice(0, 40)}"`));
    return ipcRenderer.invoke(channel, request);
  },
  onMenu(listener) {
    ipcRenderer.on(MENU_CHANNEL, (_event, message: unknown) => {
      const parsed = MenuMessage.safeParse(message);
      if (parsed.success) listener(parsed.data);
    });
  },
};

contextBridge.exposeInMainWorld('llmSocietyBridge', bridge);
