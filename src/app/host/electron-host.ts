// The Electron host: every file and key operation goes through the preload's bridge to the main
// process, which validates it and shows the native dialogs.

import type { Bridge } from '../../main/ipc-contract';
import type { AppHost, MenuCommand, OpenedFile } from './host';

export class ElectronHost implements AppHost {
  readonly kind = 'electron' as const;
  private path: string | null = null;

  constructor(private readonly bridge: Bridge) {}

  async saveWorld(suggestedName: string, bytes: ArrayBuffer, saveAs: boolean): Promise<string | null> {
    const { path } = await this.bridge.invoke('world:save', { suggestedName: basename(this.path ?? suggestedName), bytes: new Uint8Array(bytes), saveAs: saveAs || this.path === null });
    if (path) this.path = path;
    return path ? basename(path) : null;
  }

  /** With a path (Open Recent), the main process checks it is on its recent list before reading it. */
  async openWorld(path?: string): Promise<OpenedFile | null> {
    const opened = await this.bridge.invoke('world:open', path ? { path } : {});
    if (!opened) return null;
    this.path = opened.path;
    return { name: opened.name, bytes: toArrayBuffer(opened.bytes) };
  }

  async restoreAutosave(): Promise<OpenedFile | null> {
    const opened = await this.bridge.invoke('world:restore-autosave', {});
    return opened ? { name: opened.name, bytes: toArrayBuffer(opened.bytes) } : null;
  }

  async autosave(bytes: ArrayBuffer): Promise<void> {
    await this.bridge.invoke('world:autosave', { bytes: new Uint8Array(bytes) });
  }

  onCommand(listener: (command: MenuCommand, arg?: string) => void): void {
    this.bridge.onMenu((m) => listener(m.command, m.arg));
  }

  async storedKey(provider: string): Promise<string | null> {
    return (await this.bridge.invoke('keys:get', { provider: provider as never })).key;
  }

  async storeKey(provider: string, key: string): Promise<void> {
    await this.bridge.invoke('keys:store', { provider: provider as never, key });
  }

  setTitle(title: string): void {
    void this.bridge.invoke('window:set-title', { title });
  }
}

function basename(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

function toArrayBuffer(b: Uint8Array): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}
