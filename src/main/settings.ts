// The app's settings file in the user-data folder: recent files, window state, and API keys.
// Keys are stored only encrypted (Electron's safeStorage: the OS keychain, DPAPI or libsecret);
// where the OS offers no encryption the key is not stored at all, never in plain text. The
// encryptor is injected so the same code runs here in Node, where Electron cannot start: the tests
// give it a real AES-256-GCM encryptor from node:crypto with the same three-method shape.

import { z } from 'zod';
import { addRecent, removeRecent } from './recent-files';
import { PROVIDERS } from './ipc-contract';
import { WindowStateSchema, type WindowState } from './window-state';

/** The part of Electron's safeStorage this module uses. */
export interface Encryptor {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** Reading and writing the settings file (fs in the app; a temp folder in tests). */
export interface SettingsIo {
  read(): string | null;
  /** Must replace the file atomically (write a temp file, then rename). */
  write(text: string): void;
}

const SettingsSchema = z
  .object({
    version: z.literal(1),
    recent: z.array(z.string().max(4096)).max(50),
    window: WindowStateSchema.nullable(),
    /** Provider -> base64 of the safeStorage ciphertext. */
    keys: z.partialRecord(z.enum(PROVIDERS), z.string().max(10_000)),
  })
  .strict();
type SettingsData = z.output<typeof SettingsSchema>;

const empty = (): SettingsData => ({ version: 1, recent: [], window: null, keys: {} });

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

export class Settings {
  private data: SettingsData;
  /** Why the file on disk was not used (it is replaced on the next write), or null. */
  readonly problem: string | null = null;

  constructor(
    private readonly io: SettingsIo,
    private readonly encryptor: Encryptor,
  ) {
    const text = io.read();
    if (text === null) {
      this.data = empty();
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      this.data = empty();
      this.problem = `settings file is not valid JSON (${(err as Error).message}); starting with defaults`;
      return;
    }
    const r = SettingsSchema.safeParse(parsed);
    if (r.success) this.data = r.data;
    else {
      this.data = empty();
      const issue = r.error.issues[0];
      this.problem = `settings file: ${issue.path.join('.') || '(root)'}: ${issue.message}; starting with defaults`;
    }
  }

  get recent(): readonly string[] {
    return this.data.recent;
  }

  addRecent(path: string): void {
    this.data.recent = addRecent(this.data.recent, path);
    this.save();
  }

  removeRecent(path: string): void {
    this.data.recent = removeRecent(this.data.recent, path);
    this.save();
  }

  get windowState(): WindowState | null {
    return this.data.window;
  }

  setWindowState(state: WindowState): void {
    this.data.window = state;
    this.save();
  }

  get canStoreKeys(): boolean {
    return this.encryptor.isEncryptionAvailable();
  }

  /** Store a key encrypted; throws SettingsError (storing nothing) where the OS has no encryption. */
  setKey(provider: (typeof PROVIDERS)[number], key: string): void {
    if (!this.encryptor.isEncryptionAvailable()) {
      throw new SettingsError('this system offers no secure storage, so the API key was kept for this session only and not saved');
    }
    this.data.keys[provider] = this.encryptor.encryptString(key).toString('base64');
    this.save();
  }

  /** The decrypted key, or null if none is stored or it can no longer be decrypted (e.g. another OS user). */
  getKey(provider: (typeof PROVIDERS)[number]): string | null {
    const stored = this.data.keys[provider];
    if (!stored || !this.encryptor.isEncryptionAvailable()) return null;
    try {
      return this.encryptor.decryptString(Buffer.from(stored, 'base64'));
    } catch {
      return null;
    }
  }

  hasKey(provider: (typeof PROVIDERS)[number]): boolean {
    return this.data.keys[provider] !== undefined;
  }

  private save(): void {
    this.io.write(JSON.stringify(this.data, null, 2) + '\n');
  }
}
