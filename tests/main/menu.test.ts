import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildMenuTemplate } from '../../src/main/menu';

function build(platform: NodeJS.Platform, recent: string[] = []) {
  const sent: [string, string | undefined][] = [];
  let cleared = 0;
  const template = buildMenuTemplate({ platform, appName: 'LLM Society', recent, send: (c, a) => sent.push([c, a]), clearRecent: () => cleared++, openDocs: () => {} });
  const menu = (label: string) => (template.find((m) => m.label === label || m.role === label)?.submenu ?? []) as MenuItemConstructorOptions[];
  const item = (menuLabel: string, label: string) => menu(menuLabel).find((i) => i.label === label)!;
  const click = (i: MenuItemConstructorOptions) => (i.click as unknown as () => void)();
  return { template, menu, item, click, sent, cleared: () => cleared };
}

describe('application menu', () => {
  it('has File, Edit, View, Window and Help menus; macOS adds the app menu first', () => {
    expect(build('linux').template.map((m) => m.label ?? m.role)).toEqual(['File', 'Edit', 'View', 'windowMenu', 'help']);
    expect(build('darwin').template.map((m) => m.label ?? m.role)).toEqual(['LLM Society', 'File', 'Edit', 'View', 'windowMenu', 'help']);
  });

  it('File menu items send their commands with the usual shortcuts', () => {
    const m = build('win32');
    const expected: [string, string, string | undefined][] = [
      ['New World…', 'new-world', 'CmdOrCtrl+N'],
      ['Open…', 'open', 'CmdOrCtrl+O'],
      ['Save', 'save', 'CmdOrCtrl+S'],
      ['Save As…', 'save-as', 'CmdOrCtrl+Shift+S'],
      ['Restore Autosave', 'restore-autosave', undefined],
    ];
    for (const [label, command, accelerator] of expected) {
      const i = m.item('File', label);
      expect(i.accelerator).toBe(accelerator);
      m.click(i);
      expect(m.sent.at(-1)).toEqual([command, undefined]);
    }
    expect(m.menu('File').at(-1)!.role).toBe('quit');
    expect(build('darwin').menu('File').at(-1)!.role).toBe('close');
  });

  it('Open Recent lists the files, opens one by path, and can be cleared', () => {
    const empty = build('linux').item('File', 'Open Recent').submenu as MenuItemConstructorOptions[];
    expect(empty).toEqual([{ label: 'No recent worlds', enabled: false }]);
    const m = build('linux', ['/w/a.society', '/w/b.society']);
    const sub = m.item('File', 'Open Recent').submenu as MenuItemConstructorOptions[];
    expect(sub.map((i) => i.label ?? i.type)).toEqual(['/w/a.society', '/w/b.society', 'separator', 'Clear Recent']);
    m.click(sub[1]);
    expect(m.sent.at(-1)).toEqual(['open-recent', '/w/b.society']);
    m.click(sub[3]);
    expect(m.cleared()).toBe(1);
  });

  it('View menu has the simulation controls; Edit has the standard roles', () => {
    const m = build('linux');
    expect(m.item('View', 'Play / Pause').accelerator).toBe('CmdOrCtrl+P');
    m.click(m.item('View', 'Step One Tick'));
    expect(m.sent.at(-1)![0]).toBe('step');
    expect(m.menu('Edit').filter((i) => i.role).map((i) => i.role)).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);
  });

  it('no two items share an accelerator', () => {
    const accels: string[] = [];
    const walk = (items: MenuItemConstructorOptions[]) => {
      for (const i of items) {
        if (i.accelerator) accels.push(String(i.accelerator));
        if (Array.isArray(i.submenu)) walk(i.submenu);
      }
    };
    walk(build('linux', ['/x.society']).template);
    expect(accels.length).toBeGreaterThan(8);
    expect(new Set(accels).size).toBe(accels.length);
  });
});
