// The application menu as a plain template (Electron's Menu.buildFromTemplate turns it into a
// menu). Built by a pure function so the tests can check every item and shortcut in Node.

import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommandName } from './ipc-contract';

export interface MenuOptions {
  platform: NodeJS.Platform;
  appName: string;
  recent: readonly string[];
  /** Send a command to the renderer. */
  send(command: MenuCommandName, arg?: string): void;
  clearRecent(): void;
  openDocs(): void;
}

export function buildMenuTemplate(o: MenuOptions): MenuItemConstructorOptions[] {
  const mac = o.platform === 'darwin';
  const cmd = (label: string, command: MenuCommandName, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: () => o.send(command),
  });
  const recent: MenuItemConstructorOptions[] =
    o.recent.length === 0
      ? [{ label: 'No recent worlds', enabled: false }]
      : [...o.recent.map((path): MenuItemConstructorOptions => ({ label: path, click: () => o.send('open-recent', path) })), { type: 'separator' }, { label: 'Clear Recent', click: o.clearRecent }];

  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: o.appName,
      submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'services' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
    });
  }
  template.push({
    label: 'File',
    submenu: [
      cmd('New World…', 'new-world', 'CmdOrCtrl+N'),
      cmd('Open…', 'open', 'CmdOrCtrl+O'),
      { label: 'Open Recent', submenu: recent },
      { type: 'separator' },
      cmd('Save', 'save', 'CmdOrCtrl+S'),
      cmd('Save As…', 'save-as', 'CmdOrCtrl+Shift+S'),
      cmd('Restore Autosave', 'restore-autosave'),
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  });
  template.push({
    label: 'Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  });
  template.push({
    label: 'View',
    submenu: [
      cmd('Play / Pause', 'play-pause', 'CmdOrCtrl+P'),
      cmd('Step One Tick', 'step', 'CmdOrCtrl+.'),
      cmd('Faster', 'faster', 'CmdOrCtrl+]'),
      cmd('Slower', 'slower', 'CmdOrCtrl+['),
      { type: 'separator' },
      cmd('Fit World', 'fit', 'CmdOrCtrl+0'),
      cmd('Show / Hide Dashboard', 'toggle-dashboard', 'CmdOrCtrl+D'),
      { type: 'separator' },
      { role: 'resetZoom', label: 'Actual Size' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      { role: 'toggleDevTools' },
    ],
  });
  template.push({ role: 'windowMenu' });
  template.push({
    role: 'help',
    submenu: [{ label: 'Documentation', click: o.openDocs }, ...(mac ? [] : [{ role: 'about' } as MenuItemConstructorOptions])],
  });
  return template;
}
