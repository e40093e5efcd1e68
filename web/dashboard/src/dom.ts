/**
 * DOM helpers. Every value from the API goes into the page as text (textContent, attribute values, SVG text nodes),
 * never as HTML; the lint rules for web/ refuse innerHTML, outerHTML, insertAdjacentHTML and document.write.
 */

/** The element with this id, checked to be of the expected kind (a missing element is a bug in index.html). */
export function byId<T extends HTMLElement = HTMLElement>(id: string, type?: abstract new () => T): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`#${id} is missing from the page`);
  if (type && !(e instanceof type)) throw new Error(`#${id} is not a ${type.name}`);
  return e as T;
}

/** The first element under `root` matching `selector`, checked to be of the expected kind. */
export function query<T extends Element = HTMLElement>(root: ParentNode, selector: string, type?: abstract new () => T): T {
  const e = root.querySelector(selector);
  if (!e) throw new Error(`${selector} is missing from the page`);
  if (type && !(e instanceof type)) throw new Error(`${selector} is not a ${type.name}`);
  return e as T;
}

/** Properties of `el`: `text` becomes the text content, `className` the class, anything else an attribute. */
export type ElementProps = { text?: string; className?: string } & Record<string, string | undefined>;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: ElementProps | null,
  children?: Array<Node | null | undefined>,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props ?? {})) {
    if (v === undefined) continue;
    if (k === 'text') e.textContent = v;
    else if (k === 'className') e.className = v;
    else e.setAttribute(k, v);
  }
  for (const c of children ?? []) if (c) e.appendChild(c);
  return e;
}

export type SvgAttrs = Record<string, string | number>;

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs?: SvgAttrs, text?: string | number): SVGElementTagNameMap[K] {
  const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs ?? {})) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = String(text);
  return e;
}

/** The status line above the page (hidden when empty). */
export function message(text?: string): void {
  const m = byId('message');
  m.textContent = text ?? '';
  m.hidden = !text;
}
