// Remembering the window: its size and position are saved on close and restored on start, but
// only where they still fit a connected display (a monitor may have been unplugged since).

import { z } from 'zod';

export const WindowStateSchema = z
  .object({
    x: z.number().int(),
    y: z.number().int(),
    width: z.number().int().min(400).max(20_000),
    height: z.number().int().min(300).max(20_000),
    maximized: z.boolean(),
  })
  .strict();
export type WindowState = z.output<typeof WindowStateSchema>;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_SIZE = { width: 1440, height: 900 };
const MIN_VISIBLE = 100;

/** The bounds to open with: the saved ones if enough of the window lands on some display, else centred on the primary display. */
export function restoreBounds(saved: unknown, displays: readonly Rect[]): WindowState {
  const primary = displays[0] ?? { x: 0, y: 0, width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height };
  const parsed = WindowStateSchema.safeParse(saved);
  if (parsed.success) {
    const s = parsed.data;
    const visible = displays.some((d) => overlap(s, d) >= MIN_VISIBLE * MIN_VISIBLE);
    if (visible) {
      const d = displays.find((x) => overlap(s, x) > 0)!;
      return { ...s, width: Math.min(s.width, d.width), height: Math.min(s.height, d.height) };
    }
  }
  const width = Math.min(DEFAULT_SIZE.width, primary.width);
  const height = Math.min(DEFAULT_SIZE.height, primary.height);
  return {
    x: Math.round(primary.x + (primary.width - width) / 2),
    y: Math.round(primary.y + (primary.height - height) / 2),
    width,
    height,
    maximized: parsed.success ? parsed.data.maximized : false,
  };
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** What to save from the window now (normal bounds, so un-maximizing restores the right size). */
export function captureState(normalBounds: Rect, maximized: boolean): WindowState {
  return {
    x: Math.round(normalBounds.x),
    y: Math.round(normalBounds.y),
    width: Math.max(400, Math.round(normalBounds.width)),
    height: Math.max(300, Math.round(normalBounds.height)),
    maximized,
  };
}
