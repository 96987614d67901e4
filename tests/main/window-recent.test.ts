import { describe, expect, it } from 'vitest';
import { addRecent, MAX_RECENT, pruneRecent, removeRecent } from '../../src/main/recent-files';
import { captureState, DEFAULT_SIZE, restoreBounds } from '../../src/main/window-state';

describe('recent files', () => {
  it('puts the newest first, without duplicates, and caps the list', () => {
    let list: string[] = [];
    for (let i = 0; i < MAX_RECENT + 5; i++) list = addRecent(list, `/w/${i}.society`);
    expect(list.length).toBe(MAX_RECENT);
    expect(list[0]).toBe(`/w/${MAX_RECENT + 4}.society`);
    list = addRecent(list, '/w/10.society');
    expect(list[0]).toBe('/w/10.society');
    expect(list.filter((p) => p === '/w/10.society').length).toBe(1);
    expect(removeRecent(list, '/w/10.society')).not.toContain('/w/10.society');
    expect(pruneRecent(['/a', '/b', '/c'], (p) => p !== '/b')).toEqual(['/a', '/c']);
  });
});

describe('window state', () => {
  const laptop = [{ x: 0, y: 0, width: 1920, height: 1080 }];
  it('restores saved bounds that are on a display', () => {
    expect(restoreBounds({ x: 100, y: 50, width: 1300, height: 850, maximized: false }, laptop)).toEqual({ x: 100, y: 50, width: 1300, height: 850, maximized: false });
  });
  it('re-centres a window whose monitor is gone, keeping maximized', () => {
    const r = restoreBounds({ x: 3000, y: 100, width: 1300, height: 850, maximized: true }, laptop);
    expect(r).toEqual({ x: (1920 - DEFAULT_SIZE.width) / 2, y: (1080 - DEFAULT_SIZE.height) / 2, width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height, maximized: true });
  });
  it('shrinks a saved window larger than its display, and ignores garbage', () => {
    expect(restoreBounds({ x: 0, y: 0, width: 4000, height: 3000, maximized: false }, laptop)).toMatchObject({ width: 1920, height: 1080 });
    expect(restoreBounds('nonsense', [{ x: 0, y: 0, width: 1280, height: 720 }])).toEqual({ x: 0, y: 0, width: 1280, height: 720, maximized: false });
  });
  it('captures whole-pixel bounds with a minimum size', () => {
    expect(captureState({ x: 1.4, y: 2.6, width: 100, height: 100 }, false)).toEqual({ x: 1, y: 3, width: 400, height: 300, maximized: false });
  });
});
