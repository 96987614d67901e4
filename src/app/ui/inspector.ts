// The inspector: who the selected agent is, vitals, wallet and inventory, current action, and
// every panel the worker sends (family, relationships, memories, thoughts, bank... as the
// plugins that hold them exist), then every registered component's raw values.

import { cssHex, professionColor } from '../render/colors';
import type { AgentDetails, FamilyMember, InspectorPanel } from '../protocol';
import { el } from './dom';
import { columnLabel } from './metric-groups';

export interface InspectorActions {
  select(eid: number): void;
  follow(): void;
  centre(): void;
  close(): void;
}

/** Component fields shown as bars (values in [0, 1]). */
const UNIT_FIELDS = new Set(['energy', 'hunger', 'health', 'happiness']);

export function renderInspector(root: HTMLElement, d: AgentDetails, actions: InspectorActions): void {
  const comp = (name: string) => d.components.find((c) => c.name === name);
  const frag = document.createDocumentFragment();
  const swatch = el('span', { class: 'dot' });
  swatch.style.cssText = `display:inline-block;width:11px;height:11px;border-radius:50%;margin-right:7px;background:${cssHex(professionColor(professionIndex(d)))}`;
  frag.append(el('h2', { id: 'inspector-name' }, swatch, d.name));
  frag.append(el('div', { class: 'subtitle' }, `${d.profession} · ${d.brain} brain · #${d.eid}`));
  if (d.persona) frag.append(el('div', { class: 'persona' }, d.persona));
  const buttons = el('div', { class: 'inspector-actions' });
  const follow = el('button', { id: 'btn-follow' }, 'Follow');
  follow.onclick = actions.follow;
  const centre = el('button', {}, 'Centre');
  centre.onclick = actions.centre;
  const close = el('button', {}, 'Close');
  close.onclick = actions.close;
  buttons.append(follow, centre, close);
  frag.append(buttons);
  frag.append(el('div', { class: 'chips' }, el('span', { class: 'chip', id: 'inspector-action' }, `doing: ${d.action.replace(/_/g, ' ')}`), el('span', { class: 'chip' }, `at ${d.x.toFixed(1)}, ${d.y.toFixed(1)}`)));

  const vitals = comp('Vitals');
  if (vitals) {
    frag.append(el('h3', {}, 'Vitals'));
    for (const [f, v] of vitals.fields) {
      if (UNIT_FIELDS.has(f)) frag.append(bar(f, v, f === 'hunger'));
      else frag.append(kv([[f, f === 'age' ? `${Math.floor(v)} years` : fmt(v)]]));
    }
  }
  const wallet = comp('Wallet');
  const inventory = comp('Inventory');
  if (wallet || inventory) {
    frag.append(el('h3', {}, 'Wallet and inventory'));
    const rows: [string, string][] = [];
    if (wallet) for (const [f, v] of wallet.fields) rows.push([f === 'cash' ? 'cash' : f, dollars(v)]);
    if (inventory) for (const [f, v] of inventory.fields) rows.push([f, String(v)]);
    frag.append(kv(rows, 'inspector-wallet'));
  }
  // Which collapsible texts were open: the inspector refreshes a few times a second.
  const openTexts = new Set([...root.querySelectorAll('details.llm-text[open]')].map((e) => e.getAttribute('data-label')));
  for (const panel of d.panels) frag.append(...renderPanel(panel, actions, openTexts));

  const details = el('details', { class: 'components' }, el('summary', {}, `All components (${d.components.length})`));
  for (const c of d.components) {
    details.append(el('h3', {}, c.name));
    details.append(kv(c.fields.map(([f, v]) => [f, fmt(v)])));
  }
  frag.append(details);
  const wasOpen = root.querySelector('details.components')?.hasAttribute('open');
  if (wasOpen) details.setAttribute('open', '');
  const scroll = root.scrollTop;
  root.replaceChildren(frag);
  root.scrollTop = scroll;
}

function professionIndex(d: AgentDetails): number {
  const id = d.components.find((c) => c.name === 'Identity');
  return id?.fields.find(([f]) => f === 'profession')?.[1] ?? 0;
}

function renderPanel(p: InspectorPanel, actions: InspectorActions, openTexts: Set<string | null>): Node[] {
  const out: Node[] = [el('h3', {}, p.title)];
  if (p.kind === 'kv' && p.rows) out.push(kv(p.rows));
  else if (p.kind === 'llm') {
    if (p.rows) out.push(kv(p.rows, 'inspector-llm'));
    for (const t of p.texts ?? []) {
      const box = el('details', { class: 'llm-text', 'data-label': t.label }, el('summary', {}, t.label), el('pre', { class: 'text' }, t.text));
      if (openTexts.has(t.label)) box.setAttribute('open', '');
      out.push(box);
    }
  }
  else if (p.kind === 'list' && p.items) out.push(el('ul', { class: 'plain' }, ...p.items.map((t) => el('li', {}, t))));
  else if (p.kind === 'text' && p.text !== undefined) out.push(el('pre', { class: 'text' }, p.text));
  else if (p.kind === 'people' && p.people) {
    out.push(
      el(
        'ul',
        { class: 'plain' },
        ...p.people.map((x) => {
          const li = el('li', {}, person(x, actions), ` · ${x.label}`);
          if (x.value !== undefined) {
            const meter = el('span', {});
            meter.style.cssText = `float:right;width:${Math.round(12 + 48 * Math.min(1, Math.abs(x.value)))}px;height:6px;margin-top:6px;border-radius:3px;background:hsl(${x.value >= 0 ? 120 : 0}, 55%, 50%)`;
            li.append(meter);
          }
          return li;
        }),
      ),
    );
  } else if (p.kind === 'family' && p.family) {
    const f = p.family;
    const row = (members: FamilyMember[], me = false) => el('div', { class: 'row' }, ...members.map((m) => node(m, actions, me)));
    const tree = el('div', { class: 'tree' });
    if (f.parents.length) tree.append(row(f.parents));
    const middle = el('div', { class: 'row' }, el('span', { class: 'node me' }, 'this person'));
    if (f.partner) middle.append(' ⚭ ', node(f.partner, actions));
    tree.append(middle);
    if (f.siblings.length) tree.append(el('div', { class: 'muted' }, 'siblings'), row(f.siblings));
    if (f.children.length) tree.append(el('div', { class: 'muted' }, 'children'), row(f.children));
    out.push(tree);
  }
  return out;
}

function node(m: FamilyMember, actions: InspectorActions, me = false): HTMLElement {
  const n = el('span', { class: `node${m.alive ? '' : ' dead'}${me ? ' me' : ''}` }, m.alive ? person(m, actions) : m.name);
  return n;
}

function person(x: { eid: number; name: string }, actions: InspectorActions): HTMLElement {
  const a = el('a', { class: 'person' }, x.name);
  a.onclick = () => actions.select(x.eid);
  return a;
}

function bar(label: string, value: number, inverted: boolean): HTMLElement {
  const v = Math.max(0, Math.min(1, value));
  const fill = el('div', { class: 'fill' });
  fill.style.width = `${(v * 100).toFixed(1)}%`;
  fill.style.background = `hsl(${Math.round((inverted ? 1 - v : v) * 120)}, 62%, 50%)`;
  return el('div', { class: 'bar', 'data-field': label }, el('span', {}, label), el('div', { class: 'track' }, fill), el('span', { class: 'num' }, `${Math.round(v * 100)}%`));
}

function kv(rows: [string, string][], id?: string): HTMLElement {
  const t = el('table', id ? { class: 'kv', id } : { class: 'kv' });
  for (const [k, v] of rows) t.append(el('tr', {}, el('td', {}, columnLabel(k)), el('td', {}, v)));
  return t;
}

export function dollars(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  return `${sign}$${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

function fmt(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(3);
}
