// Settings with a real encryptor: AES-256-GCM from node:crypto in the shape of Electron's
// safeStorage (which cannot run here: no Electron binary). Files are real temp files.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Settings, SettingsError, type Encryptor, type SettingsIo } from '../../src/main/settings';

function aesEncryptor(key = randomBytes(32), available = true): Encryptor {
  return {
    isEncryptionAvailable: () => available,
    encryptString(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString(data) {
      const d = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      d.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([d.update(data.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

function fileIo(): SettingsIo & { path: string } {
  const path = join(mkdtempSync(join(tmpdir(), 'llms-settings-')), 'settings.json');
  return { path, read: () => (existsSync(path) ? readFileSync(path, 'utf8') : null), write: (t) => writeFileSync(path, t) };
}

const SECRET = 'sk-test-0123456789abcdef';

describe('settings store', () => {
  it('stores API keys only encrypted and reads them back', () => {
    const io = fileIo();
    const enc = aesEncryptor();
    const s = new Settings(io, enc);
    s.setKey('openai', SECRET);
    const text = readFileSync(io.path, 'utf8');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('0123456789abcdef');
    expect(new Settings(io, enc).getKey('openai')).toBe(SECRET);
    expect(new Settings(io, enc).getKey('anthropic')).toBeNull();
  });

  it('refuses to store a key where the OS has no encryption, and writes nothing', () => {
    const io = fileIo();
    const s = new Settings(io, aesEncryptor(undefined, false));
    expect(s.canStoreKeys).toBe(false);
    expect(() => s.setKey('gemini', SECRET)).toThrow(SettingsError);
    expect(existsSync(io.path)).toBe(false);
  });

  it('a key encrypted by another user (another encryption key) reads as absent, not as garbage', () => {
    const io = fileIo();
    new Settings(io, aesEncryptor()).setKey('openai', SECRET);
    expect(new Settings(io, aesEncryptor()).getKey('openai')).toBeNull();
  });

  it('keeps the recent list and window state across restarts', () => {
    const io = fileIo();
    const s = new Settings(io, aesEncryptor());
    s.addRecent('/a.society');
    s.addRecent('/b.society');
    s.addRecent('/a.society');
    s.setWindowState({ x: 10, y: 20, width: 1200, height: 800, maximized: true });
    const again = new Settings(io, aesEncryptor());
    expect(again.recent).toEqual(['/a.society', '/b.society']);
    expect(again.windowState).toEqual({ x: 10, y: 20, width: 1200, height: 800, maximized: true });
  });

  it('a damaged settings file gives defaults and a reason instead of a crash', () => {
    const io = fileIo();
    writeFileSync(io.path, '{"version":1,"recent":"oops"');
    const s = new Settings(io, aesEncryptor());
    expect(s.problem).toMatch(/not valid JSON/);
    expect(s.recent).toEqual([]);
    writeFileSync(io.path, JSON.stringify({ version: 1, recent: [3], window: null, keys: {} }));
    expect(new Settings(io, aesEncryptor()).problem).toMatch(/recent\.0/);
  });
});
