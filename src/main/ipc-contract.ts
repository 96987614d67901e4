// The whole IPC surface between the renderer and the Electron main process: channel names and a
// zod schema for every message that crosses it. The main process validates every request with
// these before acting; the preload exposes exactly these calls and nothing else.

import { z } from 'zod';

/** World files may be large (a million agents) but not unbounded. */
export const MAX_WORLD_BYTES = 512 * 1024 * 1024;

export const PROVIDERS = ['openai', 'anthropic', 'gemini', 'openai-compatible'] as const;

const bytes = z.instanceof(Uint8Array).refine((b) => b.byteLength <= MAX_WORLD_BYTES, `world files are limited to ${MAX_WORLD_BYTES / 1024 / 1024} MiB`);

export const Requests = {
  'world:save': z.object({ suggestedName: z.string().min(1).max(255), bytes, saveAs: z.boolean() }).strict(),
  /** Open: with a path only for a file from the recent list (the main process checks), else a dialog. */
  'world:open': z.object({ path: z.string().max(4096).optional() }).strict(),
  'world:autosave': z.object({ bytes }).strict(),
  'world:restore-autosave': z.object({}).strict(),
  'keys:store': z.object({ provider: z.enum(PROVIDERS), key: z.string().min(1).max(500) }).strict(),
  'keys:get': z.object({ provider: z.enum(PROVIDERS) }).strict(),
  'window:set-title': z.object({ title: z.string().max(300) }).strict(),
} as const;

export type Channel = keyof typeof Requests;
export type RequestOf<C extends Channel> = z.output<(typeof Requests)[C]>;

export interface OpenedWorld {
  name: string;
  path: string;
  bytes: Uint8Array;
}

export interface Responses {
  'world:save': { path: string | null };
  'world:open': OpenedWorld | null;
  'world:autosave': { path: string };
  'world:restore-autosave': OpenedWorld | null;
  'keys:store': { stored: boolean };
  'keys:get': { key: string | null };
  'window:set-title': null;
}

/** Commands the menu (and its accelerators) send to the renderer. */
export const MENU_COMMANDS = ['new-world', 'open', 'save', 'save-as', 'restore-autosave', 'play-pause', 'step', 'faster', 'slower', 'fit', 'toggle-dashboard', 'open-recent'] as const;
export type MenuCommandName = (typeof MENU_COMMANDS)[number];
export const MENU_CHANNEL = 'menu:command';
export const MenuMessage = z.object({ command: z.enum(MENU_COMMANDS), arg: z.string().max(4096).optional() }).strict();
export type MenuMessage = z.output<typeof MenuMessage>;

export class IpcValidationError extends Error {
  override readonly name = 'IpcValidationError';
}

/** Validate one request; throws IpcValidationError naming the channel and the field. */
export function validateRequest<C extends Channel>(channel: C, payload: unknown): RequestOf<C> {
  const schema = Requests[channel] as z.ZodType;
  if (!schema) throw new IpcValidationError(`unknown IPC channel "${String(channel).slice(0, 40)}"`);
  const r = schema.safeParse(payload);
  if (r.success) return r.data as RequestOf<C>;
  const issue = r.error.issues[0];
  throw new IpcValidationError(`${channel}: ${issue.path.join('.') || '(payload)'}: ${issue.message}`);
}

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(Requests, name);
}

/** What the preload puts on window (the renderer's only way to the main process). */
export interface Bridge {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Responses[C]>;
  onMenu(listener: (message: MenuMessage) => void): void;
}
