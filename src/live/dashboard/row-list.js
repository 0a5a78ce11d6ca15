// @ts-check
import { byId, h } from './dom.js';

/**
 * A table of summaries the server sent, one row each, newest first and bounded: what the deliveries
 * list and the outbox share. Rows are chosen by click, Enter or Space; one may be marked selected.
 */

/**
 * @template {{ id: string, createdAt: string, status: string }} S
 * @typedef {object} RowList
 * @property {Map<string, S>} shown the summaries shown, by id
 * @property {(summary: S, live: boolean) => void} render shows `summary`, in its row or a new one (`live`: highlighted as new)
 * @property {(listener: (id: string) => void) => void} onChosen calls `listener` with the id of a row chosen
 * @property {(id: string | null) => void} select marks the row of `id` selected (`null`: none)
 * @property {() => void} clear removes every row
 */

/**
 * @template {{ id: string, createdAt: string, status: string }} S
 * @param {{ body: string, count: string, empty: string, max: number, cells: (summary: S) => Node[] }} ids the elements'
 *   ids (table body, count, empty note), the most rows kept, and a summary's cells
 * @returns {RowList<S>}
 */
export function createRowList({ body: bodyId, count, empty, max, cells }) {
  /** @type {Map<string, S>} */
  const shown = new Map();
  /** @type {Map<string, HTMLTableRowElement>} */
  const rows = new Map();
  /** @type {string | null} */
  let selectedId = null;

  const showCount = () => {
    byId(count).textContent = String(rows.size);
    byId(empty).hidden = rows.size > 0;
  };

  return {
    shown,
    render(summary, live) {
      shown.set(summary.id, summary);
      let row = rows.get(summary.id);
      if (row) {
        row.replaceChildren(...cells(summary));
        row.dataset.status = summary.status;
        return;
      }
      row = h('tr', { tabindex: 0, 'data-id': summary.id, 'data-status': summary.status, class: live ? 'fresh' : null }, cells(summary));
      if (summary.id === selectedId) row.classList.add('selected');
      rows.set(summary.id, row);
      // Newest first: before the first row created earlier than this one.
      const body = byId(bodyId);
      let before = null;
      for (const other of body.children) {
        const otherSummary = other instanceof HTMLElement && other.dataset.id ? shown.get(other.dataset.id) : undefined;
        if (otherSummary && otherSummary.createdAt < summary.createdAt) {
          before = other;
          break;
        }
      }
      body.insertBefore(row, before);
      while (rows.size > max) {
        const oldest = body.lastElementChild;
        if (!(oldest instanceof HTMLElement)) break;
        rows.delete(oldest.dataset.id ?? '');
        shown.delete(oldest.dataset.id ?? '');
        oldest.remove();
      }
      showCount();
    },
    onChosen(listener) {
      const body = byId(bodyId);
      /** @param {Event} event */
      const rowOf = (event) => (event.target instanceof Element ? event.target.closest('tr[data-id]') : null);
      body.addEventListener('click', (event) => {
        const row = rowOf(event);
        if (row instanceof HTMLElement && row.dataset.id) listener(row.dataset.id);
      });
      body.addEventListener('keydown', (event) => {
        const row = rowOf(event);
        if (!(row instanceof HTMLElement) || !row.dataset.id || (event.key !== 'Enter' && event.key !== ' ')) return;
        event.preventDefault();
        listener(row.dataset.id);
      });
    },
    select(id) {
      if (selectedId) rows.get(selectedId)?.classList.remove('selected');
      selectedId = id;
      if (id) rows.get(id)?.classList.add('selected');
    },
    clear() {
      shown.clear();
      for (const row of rows.values()) row.remove();
      rows.clear();
      showCount();
    },
  };
}
