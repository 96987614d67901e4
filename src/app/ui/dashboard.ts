// The dashboard: one live uPlot chart per group of metric columns (see metric-groups.ts), fed by
// the rows the worker sends. Exports the whole history as CSV and the charts as one PNG.

import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { MetricsUpdate } from '../protocol';
import { el } from './dom';
import { columnLabel, groupMetrics, metricsCsv, type MetricGroup } from './metric-groups';

const PALETTE = ['#5fb3ff', '#7ee787', '#f0b35a', '#ff7b72', '#d2a8ff', '#56d4dd', '#ffa657', '#f778ba', '#a5d6ff', '#e3b341'];
const WIDTH = 330;
const HEIGHT = 132;

interface Chart {
  group: MetricGroup;
  plot: uPlot;
  box: HTMLElement;
}

export class Dashboard {
  columns: string[] = [];
  rows: number[][] = [];
  private charts: Chart[] = [];
  private layoutKey = '';
  private dirty = false;
  visible = true;

  constructor(private readonly root: HTMLElement) {
    root.append(el('div', { class: 'waiting' }, 'Charts appear after the first simulated day.'));
  }

  apply(update: MetricsUpdate): void {
    if (update.from === 0) this.rows = [];
    this.rows.length = update.from;
    this.rows.push(...update.rows);
    this.columns = update.columns;
    this.dirty = true;
    if (this.visible) this.refresh();
  }

  /** Rebuild the charts if the columns changed, else just give them the new data. */
  refresh(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const groups = groupMetrics(this.columns);
    const key = groups.map((g) => `${g.title}:${g.columns.join('|')}`).join(';');
    if (key !== this.layoutKey) this.build(groups, key);
    const x = this.columnData('day', 1);
    for (const c of this.charts) {
      c.plot.setData([x, ...c.group.columns.map((col) => this.columnData(col, c.group.scale))] as uPlot.AlignedData);
    }
  }

  private columnData(column: string, scale: number): (number | null)[] {
    const i = this.columns.indexOf(column);
    return this.rows.map((r) => {
      const v = r[i];
      return v === undefined || v === null || Number.isNaN(v) ? null : v / scale;
    });
  }

  private build(groups: MetricGroup[], key: string): void {
    for (const c of this.charts) c.plot.destroy();
    this.charts = [];
    this.root.replaceChildren();
    this.layoutKey = key;
    for (const group of groups) {
      const box = el('div', { class: 'chart', 'data-group': group.title }, el('h4', {}, group.unit ? `${group.title} (${group.unit})` : group.title));
      this.root.append(box);
      const axis = { stroke: '#8b98a8', grid: { stroke: '#232b35', width: 1 }, ticks: { stroke: '#2a333e', width: 1 }, font: '11px Inter, system-ui, sans-serif' };
      const plot = new uPlot(
        {
          width: WIDTH,
          height: HEIGHT,
          legend: { show: true, live: false },
          cursor: { drag: { x: false, y: false } },
          scales: { x: { time: false } },
          axes: [{ ...axis, label: '', size: 26 }, { ...axis, size: 46, values: (_u: uPlot, vals: number[]) => vals.map(shortNumber) }],
          series: [{ label: 'day' }, ...group.columns.map((c, i) => ({ label: columnLabel(c), stroke: PALETTE[i % PALETTE.length], width: 1.6, spanGaps: true, points: { show: false } }))],
        },
        [[], ...group.columns.map(() => [])] as uPlot.AlignedData,
        box,
      );
      this.charts.push({ group, plot, box });
    }
  }

  csv(): string {
    return metricsCsv(this.columns, this.rows);
  }

  /** All charts side by side on one dark canvas, with their titles. */
  async png(): Promise<Blob> {
    this.refresh();
    const ratio = window.devicePixelRatio || 1;
    const cols = Math.min(3, Math.max(1, this.charts.length));
    const rowsN = Math.ceil(this.charts.length / cols);
    const cellW = WIDTH + 20;
    const cellH = HEIGHT + 34;
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, cols * cellW * ratio);
    canvas.height = Math.max(1, rowsN * cellH * ratio);
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#161b22';
    g.fillRect(0, 0, canvas.width, canvas.height);
    this.charts.forEach((c, i) => {
      const x = (i % cols) * cellW * ratio;
      const y = Math.floor(i / cols) * cellH * ratio;
      g.fillStyle = '#e6edf3';
      g.font = `${12 * ratio}px Inter, system-ui, sans-serif`;
      g.fillText(c.group.title, x + 10 * ratio, y + 18 * ratio);
      g.drawImage(c.plot.ctx.canvas, x + 10 * ratio, y + 26 * ratio, WIDTH * ratio, HEIGHT * ratio);
    });
    return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('could not encode the PNG'))), 'image/png'));
  }

  get chartCount(): number {
    return this.charts.length;
  }
}

/** Axis labels that fit: 1.2k, 3.4M, 0.25. */
export function shortNumber(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${+(v / 1e9).toFixed(1)}G`;
  if (a >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${+(v / 1e3).toFixed(1)}k`;
  return String(+v.toFixed(a < 1 ? 2 : 1));
}
