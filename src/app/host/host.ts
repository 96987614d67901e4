// What the app needs from where it runs: a browser tab (web-host.ts) or the Electron shell
// (electron-host.ts, through the preload's small bridge). The renderer code never touches files
// or keys any other way.

export type MenuCommand =
  | 'new-world'
  | 'open'
  | 'save'
  | 'save-as'
  | 'restore-autosave'
  | 'play-pause'
  | 'step'
  | 'faster'
  | 'slower'
  | 'fit'
  | 'toggle-dashboard'
  | 'open-recent';

export interface OpenedFile {
  name: string;
  bytes: ArrayBuffer;
}

export interface AppHost {
  readonly kind: 'web' | 'electron';
  /** Save bytes; `saveAs` asks where even if the world already has a file. Returns the name saved to, or null if cancelled. */
  saveWorld(suggestedName: string, bytes: ArrayBuffer, saveAs: boolean): Promise<string | null>;
  /** Ask the user for a world file (or open a recent one by path); null if cancelled. */
  openWorld(path?: string): Promise<OpenedFile | null>;
  /** The last autosave, if the host keeps one. */
  restoreAutosave(): Promise<OpenedFile | null>;
  /** Keep an autosave (the Electron host writes it to the user-data folder; the web host keeps none). */
  autosave(bytes: ArrayBuffer): Promise<void>;
  /** Menu and shortcut commands from the shell. */
  onCommand(listener: (command: MenuCommand, arg?: string) => void): void;
  /** A stored API key for a provider (Electron: decrypted by safeStorage in the main process). Only the New World flow reads it, to pass it to the worker. */
  storedKey(provider: string): Promise<string | null>;
  storeKey(provider: string, key: string): Promise<void>;
  /** The window title shows the open file. */
  setTitle(title: string): void;
}
