// What the main process does for each IPC request, as plain functions over injected dialogs,
// files and settings, so the tests run them in Node. Every request is validated first
// (ipc-contract.ts); a request from anywhere but the app's own page is refused.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { writeFileAtomic } from '../persistence/save-file';
import { isChannel, IpcValidationError, MAX_WORLD_BYTES, validateRequest, type Channel, type OpenedWorld, type Responses } from './ipc-contract';
import type { Settings } from './settings';

export const WORLD_EXTENSION = 'society';

export interface Dialogs {
  /** A path to save to, or null if the user cancelled. */
  askSavePath(suggestedName: string): Promise<string | null>;
  /** A path to open, or null if the user cancelled. */
  askOpenPath(): Promise<string | null>;
}

export interface HandlerDeps {
  dialogs: Dialogs;
  settings: Settings;
  autosavePath: string;
  setTitle(title: string): void;
  /** Called when the recent list changed (to rebuild the menu). */
  recentChanged(): void;
}

export class FileError extends Error {
  override readonly name = 'FileError';
}

/** Read a world file with a size check and an error that names the file. */
export function readWorldFile(path: string): OpenedWorld {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (err) {
    throw new FileError(`cannot open ${basename(path)}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : (err as Error).message}`);
  }
  if (size > MAX_WORLD_BYTES) throw new FileError(`cannot open ${basename(path)}: ${Math.round(size / 1024 / 1024)} MiB is larger than the ${MAX_WORLD_BYTES / 1024 / 1024} MiB limit`);
  return { name: basename(path), path, bytes: new Uint8Array(readFileSync(path)) };
}

export function withExtension(path: string): string {
  return path.toLowerCase().endsWith(`.${WORLD_EXTENSION}`) ? path : `${path}.${WORLD_EXTENSION}`;
}

export type Handlers = { [C in Channel]: (payload: unknown) => Promise<Responses[C]> };

export function createHandlers(deps: HandlerDeps): Handlers {
  const { dialogs, settings } = deps;
  let currentPath: string | null = null;
  const remember = (path: string) => {
    currentPath = path;
    settings.addRecent(path);
    deps.recentChanged();
  };
  return {
    async 'world:save'(payload) {
      const req = validateRequest('world:save', payload);
      let path = req.saveAs || currentPath === null ? await dialogs.askSavePath(req.suggestedName) : currentPath;
      if (path === null) return { path: null };
      path = withExtension(path);
      writeFileAtomic(path, req.bytes);
      remember(path);
      return { path };
    },
    async 'world:open'(payload) {
      const req = validateRequest('world:open', payload);
      let path: string | null;
      if (req.path !== undefined) {
        // The renderer may only name files the user already opened or saved (the recent list).
        if (!settings.recent.includes(req.path)) throw new IpcValidationError('world:open: that file is not on the recent list');
        if (!existsSync(req.path)) {
          settings.removeRecent(req.path);
          deps.recentChanged();
          throw new FileError(`${basename(req.path)} no longer exists; it was removed from the recent list`);
        }
        path = req.path;
      } else path = await dialogs.askOpenPath();
      if (path === null) return null;
      const opened = readWorldFile(path);
      remember(path);
      return opened;
    },
    async 'world:autosave'(payload) {
      const req = validateRequest('world:autosave', payload);
      writeFileAtomic(deps.autosavePath, req.bytes);
      return { path: deps.autosavePath };
    },
    async 'world:restore-autosave'(payload) {
      validateRequest('world:restore-autosave', payload);
      if (!existsSync(deps.autosavePath)) return null;
      return readWorldFile(deps.autosavePath);
    },
    async 'keys:store'(payload) {
      const req = validateRequest('keys:store', payload);
      settings.setKey(req.provider, req.key);
      return { stored: true };
    },
    async 'keys:get'(payload) {
      const req = validateRequest('keys:get', payload);
      return { key: settings.getKey(req.provider) };
    },
    async 'window:set-title'(payload) {
      const req = validateRequest('window:set-title', payload);
      deps.setTitle(req.title);
      return null;
    },
  };
}

/** Only the app's own page may call: its URL must be on the app:// origin the main process serves. */
export function isTrustedSender(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === 'app:' && u.host === 'bundle';
  } catch {
    return false;
  }
}

/** Dispatch one request by channel name (unknown channels are an error, never a crash). */
export async function dispatch(handlers: Handlers, channel: string, payload: unknown): Promise<unknown> {
  if (!isChannel(channel)) throw new IpcValidationError(`unknown IPC channel "${channel.slice(0, 40)}"`);
  return handlers[channel](payload);
}
