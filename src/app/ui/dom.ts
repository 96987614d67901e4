// Tiny DOM helpers: build elements with text (never innerHTML for data, so names and LLM text cannot inject markup).

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string | null)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c !== null) node.append(c);
  return node;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`missing element #${id}`);
  return node as T;
}

export function toast(text: string, ms = 3500): void {
  const host = byId('toasts');
  const t = el('div', { class: 'toast' }, text);
  host.append(t);
  while (host.children.length > 4) host.firstElementChild!.remove();
  setTimeout(() => t.remove(), ms);
}
