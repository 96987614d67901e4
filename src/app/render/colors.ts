// Colours: one per profession, one per action state, a ramp for continuous overlays, and the
// night tint from the simulated hour. Pure functions, tested in Node.

/** Distinct, readable on a dark green ground; index = profession index. */
export const PROFESSION_COLORS = [
  0xf4a3c0, // artist
  0x7fd1ff, // scientist
  0xffc857, // trader
  0xe07a5f, // builder
  0x9be564, // explorer
  0xb39ddb, // teacher
  0x4dd0c8, // inventor
  0xf2e86d, // farmer
  0xd4a373, // craftsperson
  0xff8fab, // storyteller
  0xffffff, // leader
];

export function professionColor(index: number): number {
  return PROFESSION_COLORS[index % PROFESSION_COLORS.length];
}

/** State colours by action name; unknown actions get a stable colour from their name. */
const STATE_COLORS: Record<string, number> = {
  idle: 0x9aa4b2,
  move_to: 0x6cb4ff,
  gather: 0x8bd450,
  eat: 0xffb347,
  rest: 0x7b6cf6,
  sleep: 0x5a4fcf,
  work: 0xf6c945,
  trade: 0xff7eb6,
  talk_to: 0x4ee1c1,
};

export function stateColor(actionName: string): number {
  const known = STATE_COLORS[actionName];
  if (known !== undefined) return known;
  let h = 0;
  for (let i = 0; i < actionName.length; i++) h = (h * 31 + actionName.charCodeAt(i)) >>> 0;
  return hslToRgb((h % 360) / 360, 0.65, 0.62);
}

/** Blue (low) through yellow to red (high), for wealth, happiness and health. */
export function rampColor(t: number): number {
  const v = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  const stops = [
    [0.0, [0x3b, 0x4c, 0xc0]],
    [0.5, [0xf2, 0xe3, 0x6b]],
    [1.0, [0xd7, 0x30, 0x27]],
  ] as const;
  const [a, b] = v <= 0.5 ? [stops[0], stops[1]] : [stops[1], stops[2]];
  const f = (v - a[0]) / (b[0] - a[0]);
  const c = [0, 1, 2].map((i) => Math.round(a[1][i] + (b[1][i] - a[1][i]) * f));
  return (c[0] << 16) | (c[1] << 8) | c[2];
}

export function hslToRgb(h: number, s: number, l: number): number {
  const q = l < 0.5 ? l * (1 + s) : l + s - l * s;
  const p = 2 * l - q;
  const channel = (t: number) => {
    t = (t + 1) % 1;
    if (t < 1 / 6) return p + (q - p) * 6 * t;
    if (t < 1 / 2) return q;
    if (t < 2 / 3) return p + (q - p) * (2 / 3 - t) * 6;
    return p;
  };
  const r = Math.round(channel(h + 1 / 3) * 255);
  const g = Math.round(channel(h) * 255);
  const b = Math.round(channel(h - 1 / 3) * 255);
  return (r << 16) | (g << 8) | b;
}

/** How dark the night overlay is at a fractional hour: 0 by day, 0.42 at night, smooth at dawn (5–7) and dusk (18–21). */
export function nightAlpha(hour: number): number {
  const h = ((hour % 24) + 24) % 24;
  const max = 0.42;
  if (h >= 7 && h <= 18) return 0;
  if (h > 18 && h < 21) return (max * (h - 18)) / 3;
  if (h > 5 && h < 7) return (max * (7 - h)) / 2;
  return max;
}

export function cssHex(color: number): string {
  return `#${color.toString(16).padStart(6, '0')}`;
}
