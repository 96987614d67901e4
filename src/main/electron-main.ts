// The Electron main process: thin wiring of the plain modules next to it (menu.ts,
// ipc-handlers.ts, settings.ts, window-state.ts, app-protocol.ts) to Electron's APIs. It cannot
// start on the CI machines (no Electron binary), so every decision lives in those modules,
// which the tests run in Node; this file only connects them.

import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, safeStorage, screen, session, shell } from 'electron';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { APP_ORIGIN, CONTENT_SECURITY_POLICY, contentType, resolveAppPath } from './app-protocol';
import { createHandlers, dispatch, isTrustedSender, WORLD_EXTENSION } from './ipc-handlers';
import { MENU_CHANNEL, type MenuCommandName, Requests } from './ipc-contract';
import { buildMenuTemplate } from './menu';
import { Settings } from './settings';
import { captureState, restoreBounds } from './window-state';

const DIST = join(__dirname, '..');
const DOCS_URL = 'https://github.com/llm-society/llm-society#readme';

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let win: BrowserWindow | null = null;

app.whenReady().then(() => {
  const userData = app.getPath('userData');
  mkdirSync(userData, { recursive: true });
  const settingsPath = join(userData, 'settings.json');
  const settings = new Settings(
    {
      read: () => (existsSync(settingsPath) ? readFileSync(settingsPath, 'utf8') : null),
      write: (text) => {
        const tmp = `${settingsPath}.tmp`;
        writeFileSync(tmp, text, { mode: 0o600 });
        renameSync(tmp, settingsPath);
      },
    },
    safeStorage,
  );
  if (settings.problem) console.warn(settings.problem);

  protocol.handle('app', async (request) => {
    const path = resolveAppPath(request.url, DIST);
    if (!path || !existsSync(path)) return new Response('not found', { status: 404 });
    const body = await net.fetch(pathToFileURL(path).toString());
    return new Response(body.body, { headers: { 'content-type': contentType(path), 'content-security-policy': CONTENT_SECURITY_POLICY } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  const bounds = restoreBounds(settings.windowState, screen.getAllDisplays().map((d) => d.workArea));
  win = new BrowserWindow({
    ...bounds,
    minWidth: 900,
    minHeight: 600,
    backgroundColor: '#0f1216',
    title: 'LLM Society',
    show: false,
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  if (bounds.maximized) win.maximize();
  win.once('ready-to-show', () => win?.show());
  win.on('close', () => win && settings.setWindowState(captureState(win.getNormalBounds(), win.isMaximized())));
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(APP_ORIGIN)) event.preventDefault();
  });

  const send = (command: MenuCommandName, arg?: string) => win?.webContents.send(MENU_CHANNEL, { command, arg });
  const rebuildMenu = () =>
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        buildMenuTemplate({
          platform: process.platform,
          appName: app.getName(),
          recent: settings.recent,
          send,
          clearRecent: () => {
            for (const p of settings.recent) settings.removeRecent(p);
            rebuildMenu();
          },
          openDocs: () => void shell.openExternal(DOCS_URL),
        }),
      ),
    );
  rebuildMenu();

  const filters = [{ name: 'LLM Society world', extensions: [WORLD_EXTENSION] }];
  const handlers = createHandlers({
    settings,
    autosavePath: join(userData, `autosave.${WORLD_EXTENSION}`),
    setTitle: (title) => win?.setTitle(title),
    recentChanged: rebuildMenu,
    dialogs: {
      askSavePath: async (suggestedName) => {
        const r = await dialog.showSaveDialog(win!, { defaultPath: join(app.getPath('documents'), suggestedName), filters });
        return r.canceled || !r.filePath ? null : r.filePath;
      },
      askOpenPath: async () => {
        const r = await dialog.showOpenDialog(win!, { properties: ['openFile'], filters });
        return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0];
      },
    },
  });
  for (const channel of Object.keys(Requests)) {
    ipcMain.handle(channel, (event, payload) => {
      if (!isTrustedSender(event.senderFrame?.url)) throw new Error('IPC refused: the request did not come from the app page');
      return dispatch(handlers, channel, payload);
    });
  }

  void win.loadURL(`${APP_ORIGIN}/index.html`);
});

app.on('window-all-closed', () => app.quit());
