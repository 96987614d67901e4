// The IPC surface: every request validated, files read and written for real in a temp folder,
// dialogs answered as a user would (the dialog itself needs Electron, which cannot run here).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentType, CONTENT_SECURITY_POLICY, resolveAppPath } from '../../src/main/app-protocol';
import { createHandlers, dispatch, isTrustedSender, withExtension } from '../../src/main/ipc-handlers';
import { IpcValidationError, MenuMessage, validateRequest } from '../../src/main/ipc-contract';
import { Settings, type Encryptor } from '../../src/main/settings';

const key = randomBytes(32);
const encryptor: Encryptor = {
  isEncryptionAvailable: () => true,
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

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'llms-ipc-'));
  const settingsPath = join(dir, 'settings.json');
  const settings = new Settings({ read: () => (existsSync(settingsPath) ? readFileSync(settingsPath, 'utf8') : null), write: (t) => writeFileSync(settingsPath, t) }, encryptor);
  const answers = { save: join(dir, 'my-world') as string | null, open: null as string | null };
  let title = '';
  let menuRebuilds = 0;
  const handlers = createHandlers({
    settings,
    autosavePath: join(dir, 'autosave.society'),
    setTitle: (t) => (title = t),
    recentChanged: () => menuRebuilds++,
    dialogs: { askSavePath: async () => answers.save, askOpenPath: async () => answers.open },
  });
  return { dir, settings, settingsPath, handlers, answers, title: () => title, rebuilds: () => menuRebuilds };
}

describe('IPC validation', () => {
  it('accepts well-formed requests and names the field of a bad one', () => {
    expect(validateRequest('keys:get', { provider: 'openai' })).toEqual({ provider: 'openai' });
    expect(() => validateRequest('keys:get', { provider: 'evil' })).toThrow(/keys:get: provider/);
    expect(() => validateRequest('world:save', { suggestedName: 'x', bytes: 'not bytes', saveAs: false })).toThrow(/world:save: bytes/);
    expect(() => validateRequest('window:set-title', { title: 'x', extra: 1 })).toThrow(IpcValidationError);
    expect(MenuMessage.safeParse({ command: 'rm -rf' }).success).toBe(false);
  });

  it('refuses unknown channels and senders outside the app origin', async () => {
    const { handlers } = setup();
    await expect(dispatch(handlers, 'fs:read', {})).rejects.toThrow(/unknown IPC channel/);
    expect(isTrustedSender('app://bundle/index.html')).toBe(true);
    expect(isTrustedSender('https://example.com/')).toBe(false);
    expect(isTrustedSender('file:///etc/passwd')).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
});

describe('file handling through IPC', () => {
  it('Save asks once, adds the extension, writes the bytes, and later saves go to the same file', async () => {
    const t = setup();
    const bytes = Uint8Array.from([1, 2, 3, 4]);
    const first = await dispatch(t.handlers, 'world:save', { suggestedName: 'village.society', bytes, saveAs: false });
    expect(first).toEqual({ path: join(t.dir, 'my-world.society') });
    expect([...readFileSync(join(t.dir, 'my-world.society'))]).toEqual([1, 2, 3, 4]);
    t.answers.save = null; // a second dialog would cancel: Save must not ask again
    await dispatch(t.handlers, 'world:save', { suggestedName: 'village.society', bytes: Uint8Array.from([9]), saveAs: false });
    expect([...readFileSync(join(t.dir, 'my-world.society'))]).toEqual([9]);
    expect(await dispatch(t.handlers, 'world:save', { suggestedName: 'v', bytes, saveAs: true })).toEqual({ path: null });
    expect(t.settings.recent).toEqual([join(t.dir, 'my-world.society')]);
    expect(t.rebuilds()).toBeGreaterThan(0);
  });

  it('Open reads the chosen file; Open Recent only reads files on the recent list', async () => {
    const t = setup();
    const file = join(t.dir, 'w.society');
    writeFileSync(file, Buffer.from([7, 7, 7]));
    t.answers.open = file;
    const opened = (await dispatch(t.handlers, 'world:open', {})) as { name: string; bytes: Uint8Array };
    expect(opened.name).toBe('w.society');
    expect([...opened.bytes]).toEqual([7, 7, 7]);
    expect(((await dispatch(t.handlers, 'world:open', { path: file })) as { path: string }).path).toBe(file);
    const secret = join(t.dir, 'other.society');
    writeFileSync(secret, 'x');
    await expect(dispatch(t.handlers, 'world:open', { path: secret })).rejects.toThrow(/not on the recent list/);
    t.answers.open = null;
    expect(await dispatch(t.handlers, 'world:open', {})).toBeNull();
  });

  it('a recent file that was deleted gives a clear error and leaves the list', async () => {
    const t = setup();
    const gone = join(t.dir, 'gone.society');
    t.settings.addRecent(gone);
    await expect(dispatch(t.handlers, 'world:open', { path: gone })).rejects.toThrow(/gone.society no longer exists/);
    expect(t.settings.recent).toEqual([]);
  });

  it('autosave writes to the user-data file and Restore Autosave reads it back', async () => {
    const t = setup();
    expect(await dispatch(t.handlers, 'world:restore-autosave', {})).toBeNull();
    await dispatch(t.handlers, 'world:autosave', { bytes: Uint8Array.from([5, 6]) });
    const r = (await dispatch(t.handlers, 'world:restore-autosave', {})) as { bytes: Uint8Array };
    expect([...r.bytes]).toEqual([5, 6]);
  });

  it('keys go in encrypted and come back only through keys:get; the title is set', async () => {
    const t = setup();
    await dispatch(t.handlers, 'keys:store', { provider: 'anthropic', key: 'sk-ant-secret-value' });
    expect(readFileSync(t.settingsPath, 'utf8')).not.toContain('sk-ant-secret-value');
    expect(await dispatch(t.handlers, 'keys:get', { provider: 'anthropic' })).toEqual({ key: 'sk-ant-secret-value' });
    await dispatch(t.handlers, 'window:set-title', { title: 'w.society — LLM Society' });
    expect(t.title()).toBe('w.society — LLM Society');
  });

  it('withExtension adds .society only when missing', () => {
    expect(withExtension('/a/b')).toBe('/a/b.society');
    expect(withExtension('/a/b.SOCIETY')).toBe('/a/b.SOCIETY');
  });
});

describe('app:// protocol', () => {
  it('serves files under dist only', () => {
    expect(resolveAppPath('app://bundle/', '/opt/app/dist')).toBe('/opt/app/dist/index.html');
    expect(resolveAppPath('app://bundle/assets/x.js', '/opt/app/dist')).toBe('/opt/app/dist/assets/x.js');
    expect(resolveAppPath('app://bundle/../../etc/passwd', '/opt/app/dist')).toBe('/opt/app/dist/etc/passwd');
    expect(resolveAppPath('app://bundle/%2e%2e/%2e%2e/etc/passwd', '/opt/app/dist')).toBe('/opt/app/dist/etc/passwd');
    // Encoded slashes survive URL parsing; decoded, they would climb out of dist: refused.
    expect(resolveAppPath('app://bundle/a%2f..%2f..%2f..%2fetc/passwd', '/opt/app/dist')).toBeNull();
    expect(resolveAppPath('app://other/index.html', '/opt/app/dist')).toBeNull();
    expect(resolveAppPath('file:///etc/passwd', '/opt/app/dist')).toBeNull();
    expect(contentType('/x/a.js')).toMatch(/javascript/);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });
});
