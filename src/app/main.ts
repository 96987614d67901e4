// The renderer: starts the simulation worker, draws its frames, and wires the controls, the
// inspector, the dashboard, the logs and the dialogs. Runs the same in a browser tab and in Electron.

import './styles.css';
import { formatDate, dateOf } from '../engine/clock';
import { GOODS } from '../society/resources';
import type { AppHost, MenuCommand } from './host/host';
import { detectHost } from './host/detect';
import { OVERLAY_MODES, SPEEDS, type AgentDetails, type Frame, type FromWorker, type InjectedEvent, type NewWorldConfig, type ToWorker, type WorldInfo } from './protocol';
import { cssHex, professionColor, rampColor, stateColor } from './render/colors';
import { MapView } from './render/map-view';
import { Dashboard } from './ui/dashboard';
import { byId, el, toast } from './ui/dom';
import { renderInspector } from './ui/inspector';
import { EventLogView } from './ui/logs';
import { Minimap } from './ui/minimap';

const AUTOSAVE_MS = 120_000;

const params = new URLSearchParams(location.search);
const host: AppHost = detectHost();
const worker = new Worker(new URL('./worker/sim-worker.ts', import.meta.url), { type: 'module' });
const send = (m: ToWorker, transfer: Transferable[] = []) => worker.postMessage(m, transfer);

let info: WorldInfo | null = null;
let frame: Frame | null = null;
let details: AgentDetails | null = null;
let fileName: string | null = null;
let pendingSave: ('save' | 'save-as' | 'autosave')[] = [];
let lastConfig: NewWorldConfig = defaultConfig();

const view = new MapView({ onPick: (eid) => select(eid) });
const dashboard = new Dashboard(byId('charts'));
const logs = new EventLogView(byId('event-log'), byId('event-filters'), byId('conversation-log'), (eid) => select(eid));
const inspector = byId('inspector');
const emptyInspector = inspector.innerHTML;

function defaultConfig(): NewWorldConfig {
  const num = (k: string, d: number) => (params.has(k) && Number.isFinite(Number(params.get(k))) ? Number(params.get(k)) : d);
  return {
    scenario: params.get('scenario') ?? 'village',
    agents: num('agents', 200),
    seed: num('seed', 42),
    llm: { agents: 0, provider: 'openai', model: 'gpt-4o-mini', baseUrl: '', apiKey: '', thinksPerTick: 4, budgetDollars: 1 },
  };
}

// ---- worker messages ----

worker.onmessage = (e: MessageEvent<FromWorker>) => {
  const m = e.data;
  switch (m.type) {
    case 'ready':
      onReady(m.info);
      break;
    case 'frame':
      onFrame(m.frame);
      // Acknowledge after the next paint, so the worker never runs ahead of what can be drawn.
      requestAnimationFrame(() => send({ type: 'ack' }));
      break;
    case 'inspect':
      onInspect(m.details);
      break;
    case 'search':
      showSearch(m.results);
      break;
    case 'saved':
      void onSaved(m.name, m.bytes);
      break;
    case 'notice':
      toast(m.text);
      break;
    case 'error':
      showError(m.title, m.message);
      break;
  }
};
worker.onerror = (e) => showError('The simulation stopped', e.message || 'The simulation worker failed to start.');

function onReady(next: WorldInfo): void {
  info = next;
  frame = null;
  view.setWorld(info);
  minimap.setWorld(info.width, info.height);
  logs.minutesPerTick = info.minutesPerTick;
  logs.clear();
  onInspect(null);
  dashboard.columns = [];
  dashboard.rows = [];
  (byId('btn-save') as HTMLButtonElement).disabled = !info.canSave;
  (byId('btn-save') as HTMLButtonElement).title = info.canSave ? 'Save (Ctrl+S)' : 'Saving needs the world-file format (not in this build yet)';
  for (const opt of byId<HTMLSelectElement>('overlay').options) opt.disabled = !info.overlays.includes(opt.value as (typeof OVERLAY_MODES)[number]);
  updateLegend();
  for (const note of info.notes) toast(note, 6000);
  host.setTitle(`${fileName ?? info.scenario} — LLM Society`);
}

function onFrame(f: Frame): void {
  frame = f;
  view.onFrame(f);
  if (f.metrics) dashboard.apply(f.metrics);
  logs.add(f.events);
  if (!info) return;
  const d = dateOf(f.tick, info.minutesPerTick);
  byId('date').textContent = formatDate(d);
  byId('tick').textContent = `tick ${f.tick.toLocaleString('en-US')} · ${f.count.toLocaleString('en-US')} people · ${f.running ? `${f.ticksPerSecond} ticks/s` : 'paused'}`;
  const play = byId('btn-play');
  play.textContent = f.running ? '❚❚ Pause' : '▶ Play';
  play.dataset.running = String(f.running);
  byId<HTMLSelectElement>('speed').value = String(f.speed);
}

function onInspect(d: AgentDetails | null): void {
  details = d;
  if (!d) {
    view.selected = null;
    view.setRelations([]);
    inspector.innerHTML = emptyInspector;
    return;
  }
  view.selected = d.eid;
  const relations = d.panels.filter((p) => p.kind === 'people' && /relation|friend|tie/i.test(p.title)).flatMap((p) => p.people ?? []);
  view.setRelations(relations.map((p) => ({ eid: p.eid, value: p.value ?? 0.5 })));
  renderInspector(inspector, d, {
    select,
    follow: () => view.followSelected(),
    centre: () => view.centreOnAgent(d.eid),
    close: () => select(null),
  });
}

async function onSaved(name: string, bytes: ArrayBuffer): Promise<void> {
  const purpose = pendingSave.shift() ?? 'save';
  try {
    if (purpose === 'autosave') {
      await host.autosave(bytes);
      return;
    }
    const saved = await host.saveWorld(fileName ?? name, bytes, purpose === 'save-as' || fileName === null);
    if (saved) {
      fileName = saved;
      host.setTitle(`${saved} — LLM Society`);
      toast(`Saved ${saved}`);
    }
  } catch (err) {
    showError('Could not save the world', (err as Error).message);
  }
}

// ---- actions ----

function select(eid: number | null): void {
  send({ type: 'inspect', eid });
  if (eid === null) onInspect(null);
}

function togglePlay(): void {
  send({ type: frame?.running ? 'pause' : 'play' });
}

function setSpeed(speed: number): void {
  send({ type: 'speed', speed });
}

function shiftSpeed(dir: 1 | -1): void {
  const i = SPEEDS.indexOf((frame?.speed ?? 1) as (typeof SPEEDS)[number]);
  const next = SPEEDS[Math.min(SPEEDS.length - 1, Math.max(0, (i < 0 ? 1 : i) + dir))];
  setSpeed(next);
}

function save(saveAs: boolean): void {
  if (!info?.canSave) return showError('Saving is not available', 'Saving needs the world-file format, which is not in this build yet.');
  pendingSave.push(saveAs ? 'save-as' : 'save');
  send({ type: 'save' });
}

async function open(fromAutosave = false, path?: string): Promise<void> {
  try {
    const file = fromAutosave ? await host.restoreAutosave() : await host.openWorld(path);
    if (!file) {
      if (fromAutosave) toast('There is no autosave yet.');
      return;
    }
    fileName = file.name;
    send({ type: 'load', name: file.name, bytes: file.bytes }, [file.bytes]);
  } catch (err) {
    showError('Could not open the file', (err as Error).message);
  }
}

function showError(title: string, message: string): void {
  byId('error-title').textContent = title;
  byId('error-message').textContent = message;
  const dlg = byId<HTMLDialogElement>('dlg-error');
  if (!dlg.open) dlg.showModal();
}

function command(c: MenuCommand, arg?: string): void {
  switch (c) {
    case 'open-recent':
      return void open(false, arg);
    case 'new-world':
      return openNewWorld();
    case 'open':
      return void open();
    case 'save':
      return save(false);
    case 'save-as':
      return save(true);
    case 'restore-autosave':
      return void open(true);
    case 'play-pause':
      return togglePlay();
    case 'step':
      return send({ type: 'step' });
    case 'faster':
      return shiftSpeed(1);
    case 'slower':
      return shiftSpeed(-1);
    case 'fit':
      return view.camera.fit();
    case 'toggle-dashboard':
      document.body.classList.toggle('dashboard-hidden');
      return;
  }
}
host.onCommand(command);

// ---- controls ----

const speed = byId<HTMLSelectElement>('speed');
for (const s of SPEEDS) speed.append(el('option', { value: String(s) }, `${s}×`));
speed.value = '1';
speed.onchange = () => setSpeed(Number(speed.value));
byId('btn-play').onclick = togglePlay;
byId('btn-step').onclick = () => send({ type: 'step' });
byId('btn-new').onclick = openNewWorld;
byId('btn-open').onclick = () => void open();
byId('btn-save').onclick = () => save(false);
byId('btn-fit').onclick = () => view.camera.fit();
byId('btn-zoom-in').onclick = () => view.zoomBy(1.4);
byId('btn-zoom-out').onclick = () => view.zoomBy(1 / 1.4);

const overlay = byId<HTMLSelectElement>('overlay');
for (const mode of OVERLAY_MODES) overlay.append(el('option', { value: mode }, mode));
overlay.onchange = () => {
  send({ type: 'overlay', mode: overlay.value as (typeof OVERLAY_MODES)[number] });
  updateLegend();
};

function updateLegend(): void {
  const legend = byId('legend');
  legend.replaceChildren();
  const mode = overlay.value;
  const item = (color: number, label: string) => el('span', { class: 'item' }, dot(color), label);
  if (mode === 'profession' && info) info.professions.forEach((p, i) => legend.append(item(professionColor(i), p)));
  else if (mode === 'state' && info) info.actions.forEach((a) => legend.append(item(stateColor(a), a.replace(/_/g, ' '))));
  else if (mode === 'culture' && info) {
    const span = Math.max(1, info.cultureGroups.length - 1);
    info.cultureGroups.forEach((g, i) => legend.append(item(rampColor(i / span), g)));
  } else legend.append(el('span', { class: 'item' }, mode === 'wealth' ? 'poorest' : `${mode}: low`, el('span', { class: 'ramp' }), mode === 'wealth' ? 'richest' : 'high'));
}

function dot(color: number): HTMLElement {
  const d = el('span', { class: 'dot' });
  d.style.background = cssHex(color);
  return d;
}

// Tabs
for (const tab of document.querySelectorAll<HTMLButtonElement>('.tabs button[data-tab]')) {
  tab.onclick = () => {
    for (const t of document.querySelectorAll('.tabs button[data-tab]')) t.classList.toggle('active', t === tab);
    for (const p of document.querySelectorAll('.tab')) p.classList.toggle('active', p.id === `tab-${tab.dataset.tab}`);
    dashboard.visible = tab.dataset.tab === 'dashboard';
    if (dashboard.visible) dashboard.refresh();
  };
}
byId('btn-csv').onclick = () => download(new Blob([dashboard.csv()], { type: 'text/csv' }), `metrics-${info?.scenario ?? 'world'}.csv`);
byId('btn-png').onclick = async () => download(await dashboard.png(), `charts-${info?.scenario ?? 'world'}.png`);

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// Search
const search = byId<HTMLInputElement>('search');
const results = byId<HTMLUListElement>('search-results');
let searchTimer: ReturnType<typeof setTimeout> | undefined;
search.oninput = () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => send({ type: 'search', text: search.value }), 120);
};
search.onkeydown = (e) => {
  if (e.key === 'Enter') (results.querySelector('li') as HTMLElement | null)?.click();
  if (e.key === 'Escape') results.hidden = true;
};
function showSearch(list: { eid: number; name: string }[]): void {
  results.replaceChildren(
    ...list.map((r) => {
      const li = el('li', { 'data-eid': String(r.eid) }, r.name);
      li.onclick = () => {
        results.hidden = true;
        select(r.eid);
        view.centreOnAgent(r.eid);
      };
      return li;
    }),
  );
  if (list.length === 0 && search.value.trim()) results.append(el('li', { class: 'muted' }, 'nobody by that name'));
  results.hidden = !search.value.trim();
}

// Keyboard shortcuts (Electron's menu accelerators send the same commands).
window.addEventListener('keydown', (e) => {
  const target = e.target as HTMLElement;
  if (target.closest('input, select, textarea, dialog')) return;
  const mod = e.ctrlKey || e.metaKey;
  if (mod && host.kind === 'web') {
    const map: Record<string, MenuCommand> = { n: 'new-world', o: 'open', s: e.shiftKey ? 'save-as' : 'save' };
    const c = map[e.key.toLowerCase()];
    if (c) {
      e.preventDefault();
      command(c);
    }
    return;
  }
  if (mod) return;
  const keys: Record<string, () => void> = {
    ' ': togglePlay,
    '.': () => send({ type: 'step' }),
    ']': () => shiftSpeed(1),
    '[': () => shiftSpeed(-1),
    f: () => view.camera.fit(),
    '+': () => view.zoomBy(1.4),
    '=': () => view.zoomBy(1.4),
    '-': () => view.zoomBy(1 / 1.4),
    Escape: () => select(null),
  };
  const action = keys[e.key];
  if (action) {
    e.preventDefault();
    action();
  }
});

// ---- dialogs ----

const newForm = byId<HTMLFormElement>('new-form');
function openNewWorld(): void {
  const sel = newForm.elements.namedItem('scenario') as HTMLSelectElement;
  if (sel.options.length === 0) for (const s of ['village', 'town']) sel.append(el('option', { value: s }, s));
  sel.value = lastConfig.scenario;
  byId<HTMLDialogElement>('dlg-new').showModal();
}
byId<HTMLDialogElement>('dlg-new').addEventListener('close', async () => {
  if (byId<HTMLDialogElement>('dlg-new').returnValue !== 'ok') return;
  const f = new FormData(newForm);
  const n = (k: string) => Number(f.get(k));
  const provider = String(f.get('provider')) as NewWorldConfig['llm']['provider'];
  let apiKey = String(f.get('apiKey') ?? '');
  try {
    if (apiKey) await host.storeKey(provider, apiKey);
    else if (n('llmAgents') > 0) apiKey = (await host.storedKey(provider)) ?? '';
  } catch (err) {
    // The key still goes to this world; it just is not remembered (e.g. no OS keychain).
    toast(`The API key was not saved: ${(err as Error).message}`, 6000);
  }
  (newForm.elements.namedItem('apiKey') as HTMLInputElement).value = '';
  lastConfig = {
    scenario: String(f.get('scenario')),
    agents: n('agents'),
    seed: n('seed'),
    llm: { agents: n('llmAgents'), provider, model: String(f.get('model')), baseUrl: String(f.get('baseUrl')), apiKey, thinksPerTick: n('thinksPerTick'), budgetDollars: n('budget') },
  };
  fileName = null;
  send({ type: 'new', config: lastConfig });
});

const injectForm = byId<HTMLFormElement>('inject-form');
const goodSelect = injectForm.elements.namedItem('good') as HTMLSelectElement;
for (const g of GOODS) goodSelect.append(el('option', { value: g }, g));
function syncInjectForm(): void {
  const kind = (injectForm.elements.namedItem('kind') as HTMLSelectElement).value as InjectedEvent['kind'];
  for (const label of injectForm.querySelectorAll<HTMLElement>('label[data-for]')) label.hidden = !label.dataset.for!.split(' ').includes(kind);
  const why = info?.injectable[kind] ?? null;
  byId('inject-why').textContent = why ? `Not available: ${why}.` : '';
  (byId('inject-ok') as HTMLButtonElement).disabled = why !== null;
}
(injectForm.elements.namedItem('kind') as HTMLSelectElement).onchange = syncInjectForm;
byId('btn-inject').onclick = () => {
  syncInjectForm();
  byId<HTMLDialogElement>('dlg-inject').showModal();
};
byId<HTMLDialogElement>('dlg-inject').addEventListener('close', () => {
  if (byId<HTMLDialogElement>('dlg-inject').returnValue !== 'ok') return;
  const f = new FormData(injectForm);
  const kind = String(f.get('kind')) as InjectedEvent['kind'];
  const num = (k: string) => Number(f.get(k));
  const events: Record<InjectedEvent['kind'], InjectedEvent> = {
    drought: { kind: 'drought', days: num('days') },
    harvest: { kind: 'harvest', days: num('days') },
    newcomer: { kind: 'newcomer', name: String(f.get('name') ?? '') || undefined },
    announcement: { kind: 'announcement', text: String(f.get('text') ?? '') },
    priceShock: { kind: 'priceShock', good: String(f.get('good')), factor: num('factor'), days: num('days') },
    interestRate: { kind: 'interestRate', percent: num('percent') },
    tax: { kind: 'tax', percent: num('percent') },
  };
  send({ type: 'inject', event: events[kind] });
});

// ---- start ----

const minimap = new Minimap(byId<HTMLCanvasElement>('minimap'), view.camera);
await view.init(byId('canvas-host'), Number(params.get('fps') ?? 0));
setInterval(() => {
  if (frame) minimap.draw(view.motion.sample(performance.now()), view.motion.count, frame.profession, view.groundImage);
}, 200);
setInterval(() => {
  if (host.kind === 'electron' && info?.canSave && frame?.running) {
    pendingSave.push('autosave');
    send({ type: 'save' });
  }
}, AUTOSAVE_MS);
send({ type: 'new', config: lastConfig });
if (params.get('play') === '1') send({ type: 'play' });
if (params.has('speed')) setSpeed(Number(params.get('speed')));

/** A read-only window onto the app for the end-to-end tests, the screenshot script and the benchmark. */
Object.assign(window, {
  llmSocietyApp: {
    get info() {
      return info;
    },
    get frame() {
      return frame;
    },
    get details() {
      return details;
    },
    get framesDrawn() {
      return view.framesDrawn;
    },
    get charts() {
      return dashboard.chartCount;
    },
    get metricRows() {
      return dashboard.rows.length;
    },
    screenPositionOf: (eid: number) => view.screenPositionOf(eid),
    /** Select an agent and bring it into view, as a search result click does. */
    show(eid: number) {
      select(eid);
      view.centreOnAgent(eid);
    },
  },
});
