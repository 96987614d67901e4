// The browser host: saving is a download, opening is a file picker, keys live in memory only.

import type { AppHost, MenuCommand, OpenedFile } from './host';

export class WebHost implements AppHost {
  readonly kind = 'web' as const;
  private readonly keys = new Map<string, string>();
  private listener: ((command: MenuCommand) => void) | null = null;

  async saveWorld(suggestedName: string, bytes: ArrayBuffer): Promise<string | null> {
    const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = suggestedName;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return suggestedName;
  }

  openWorld(): Promise<OpenedFile | null> {
    return new Promise((resolve) => {
      const input = document.createElement('input');
      input.type = 'file';
      input.accept = '.society,application/octet-stream';
      input.id = 'open-world-input';
      input.style.display = 'none';
      input.addEventListener('change', async () => {
        const file = input.files?.[0];
        input.remove();
        resolve(file ? { name: file.name, bytes: await file.arrayBuffer() } : null);
      });
      input.addEventListener('cancel', () => {
        input.remove();
        resolve(null);
      });
      document.body.append(input);
      input.click();
    });
  }

  async restoreAutosave(): Promise<OpenedFile | null> {
    return null;
  }

  async autosave(): Promise<void> {}

  onCommand(listener: (command: MenuCommand) => void): void {
    this.listener = listener;
  }

  /** The web page's own keyboard shortcuts feed the same commands as Electron's menu accelerators. */
  command(command: MenuCommand): void {
    this.listener?.(command);
  }

  async storedKey(provider: string): Promise<string | null> {
    return this.keys.get(provider) ?? null;
  }

  async storeKey(provider: string, key: string): Promise<void> {
    this.keys.set(provider, key);
  }

  setTitle(title: string): void {
    document.title = title;
  }
}
