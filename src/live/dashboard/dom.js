// @ts-check
/** @import { DeliverySummary } from '../../views/delivery-views.js' */

/**
 * The page's building blocks. Untrusted text only ever becomes a text node (`append`) or the value
 * of an inert attribute (`setAttribute`), never markup: nothing in the dashboard hands a string to
 * the HTML parser (the lint config and a route test hold that).
 */

/** @typedef {Node | string | number | null | undefined | false} Child */
/** @typedef {Child | readonly (Child | readonly Child[])[]} Children nested two deep at most (JSDoc has no recursive alias) */
/** @typedef {Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>} Props */

/**
 * The element with this id. Checked, so a renamed element fails here rather than at first use.
 * @template {HTMLElement} [T=HTMLElement]
 * @param {string} id
 * @param {new () => T} [type] the element's class, e.g. `HTMLSelectElement` for its `value`
 * @returns {T}
 */
export function byId(id, type) {
  const el = document.getElementById(id);
  if (!(el instanceof (type ?? HTMLElement))) throw new Error(`#${id} is missing from the page`);
  return /** @type {T} */ (el);
}

/**
 * Builds an element; strings become text nodes, so nothing here is ever parsed as HTML.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Props | null} props attributes; `class` sets the class name, a function under `on…` listens
 * @param {...Children} children nested arrays are flattened; `null`, `undefined` and `false` are skipped
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = String(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  el.append(...nodes(children));
  return el;
}

/**
 * @param {readonly (Children | readonly Child[])[]} children
 * @returns {(Node | string)[]}
 */
function nodes(children) {
  /** @type {(Node | string)[]} */
  const out = [];
  for (const child of children) {
    if (Array.isArray(child)) out.push(...nodes(child));
    else if (child instanceof Node) out.push(child);
    else if (child !== undefined && child !== null && child !== false) out.push(String(child));
  }
  return out;
}

/**
 * @param {string} text
 * @param {string | null} [colour] `green`, `amber`, `red` or `grey`
 */
export function pill(text, colour) {
  return h('span', { class: 'pill' + (colour ? ' pill-' + colour : '') }, text);
}

/** @type {Record<DeliverySummary['status'], string>} */
const STATUS_COLOUR = { succeeded: 'green', pending: 'amber', failed: 'red', skipped: 'grey' };

/** @param {Pick<DeliverySummary, 'status' | 'attemptCount' | 'nextAttemptAt' | 'reason'>} delivery */
export function statusPill(delivery) {
  const retrying = delivery.status === 'pending' && delivery.attemptCount > 0;
  const el = pill(retrying ? 'retrying' : delivery.status, STATUS_COLOUR[delivery.status]);
  el.classList.add('status');
  if (delivery.nextAttemptAt) el.title = 'next attempt at ' + delivery.nextAttemptAt;
  else if (delivery.reason) el.title = delivery.reason;
  return el;
}

/**
 * The receiver's HTTP status, or why there was none.
 * @param {number | undefined} status
 * @param {{ code: string } | undefined} [error]
 */
export function httpPill(status, error) {
  if (typeof status === 'number') return pill(String(status), status >= 200 && status < 300 ? 'green' : 'red');
  if (error) return pill(error.code || 'error', 'red');
  return h('span', { class: 'muted' }, '\u2014');
}

/** @param {string} iso */
export function clockTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso || '');
  /** @type {(n: number, width?: number) => string} */
  const pad = (n, width) => String(n).padStart(width || 2, '0');
  return pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds()) + '.' + pad(date.getMilliseconds(), 3);
}

/**
 * JSON indented, or the text as it is when it is not JSON.
 * @param {unknown} text
 */
export function pretty(text) {
  if (typeof text !== 'string') return JSON.stringify(text, null, 2);
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/**
 * Replaces what a result box shows.
 * @param {HTMLElement} el
 * @param {'ok' | 'info' | 'error'} kind
 * @param {...Children} children
 */
export function showResult(el, kind, ...children) {
  el.className = 'result ' + kind;
  el.replaceChildren(...nodes(children));
}

/**
 * A list of facts, name and value; the pairs without a value are left out.
 * @param {[name: string, value: Node | string | undefined][]} pairs
 */
export function facts(pairs) {
  return h(
    'dl',
    { class: 'facts' },
    pairs.filter(([, value]) => value !== undefined && value !== '').map(([name, value]) => [h('dt', null, name), h('dd', null, value)]),
  );
}
